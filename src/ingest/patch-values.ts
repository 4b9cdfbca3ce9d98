/** How a patch's fields become column values: undefined means "not said", and leaves the column as it is. */
import { TEXT_LIMITS, type DeviceConfigurationDocument } from '../core/document.js';
import { fit } from '../core/text.js';
import type { SuiteChange } from './run-writer.js';

/** Drops undefined values, so an update touches only what the client said. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An object as its JSON column: not said, cleared, or the text. */
export const json = (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v));

/** A boolean as its 0/1 column, or not said. */
export const flag = (v: boolean | null | undefined) => (v === undefined || v === null ? undefined : v ? (1 as const) : (0 as const));

/**
 * A machine's device columns from a change, and those of a machine without a device. They fit their
 * columns whoever reported them (a report's host name has no bound of its own).
 */
export const deviceColumns = (d: Partial<DeviceConfigurationDocument> | undefined) => {
  const short = (v: string | null | undefined) => fit(v, TEXT_LIMITS.short);
  return defined({ os_version: short(d?.osVersion), browser: short(d?.browser), browser_version: short(d?.browserVersion), resolution: short(d?.resolution), platform: short(d?.platform), device_name: short(d?.deviceName), host_name: fit(d?.hostName, TEXT_LIMITS.title), os_type: short(d?.osType) });
};
export const NO_DEVICE = { os_version: null, browser: null, browser_version: null, resolution: null, platform: null, device_name: null, host_name: null, os_type: null };

/** A suite's columns from a change; a new row gets `truncated` always (rows of one bulk insert share their columns). */
export const suiteColumns = (c: SuiteChange, fresh = false) => ({
  ...defined({ start_time: c.startTime, end_time: c.endTime, duration: c.duration, status: c.status }),
  ...(c.truncated || fresh ? { truncated: c.truncated ? (1 as const) : (0 as const), message: c.truncated?.message ?? null } : {}),
});
