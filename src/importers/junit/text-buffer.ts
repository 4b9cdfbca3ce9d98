/**
 * Collects an element's text across saxes text/CDATA events, capped so that one runaway system-out
 * cannot take the server's memory with it. Beyond the cap the text is cut and a marker says how much.
 */
export const MAX_TEXT_CHARS = 1_048_576;

export class TextBuffer {
  private parts: string[] = [];
  private size = 0;
  private dropped = 0;

  append(text: string): void {
    const room = MAX_TEXT_CHARS - this.size;
    if (text.length <= room) {
      this.parts.push(text);
      this.size += text.length;
      return;
    }
    if (room > 0) this.parts.push(text.slice(0, room));
    this.size = MAX_TEXT_CHARS;
    this.dropped += text.length - Math.max(0, room);
  }

  take(): string {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    return this.dropped > 0 ? `${text}\n[… ${this.dropped} more characters cut by Verdict]` : text;
  }
}
