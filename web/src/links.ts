/**
 * Where a run's facts link to: the commit and branch on the repository's site when the run says where the
 * repository is (`repositoryUrl` from `verdict upload` or `--repo-url`; a GitHub `owner/repo` with a GitHub
 * job URL), and the CI job. Only http(s) addresses become links.
 */
type Env = Record<string, string> | null | undefined;

const web = (url: string | undefined) => (url && /^https?:\/\/[^\s"'<>]+$/.test(url) ? url.replace(/\/+$/, '') : undefined);

export function repositoryUrl(env: Env): string | undefined {
  const given = web(env?.repositoryUrl);
  if (given) return given;
  // Runs uploaded before repositoryUrl was stored: GitHub's `owner/repo` and job URL say it too.
  const repo = env?.repository;
  const job = web(env?.jobUrl);
  if (repo && /^[\w.-]+\/[\w.-]+$/.test(repo) && job?.includes(`/${repo}/`)) return job.slice(0, job.indexOf(`/${repo}/`) + repo.length + 1);
  return undefined;
}

/** GitLab writes `/-/commit/`, Bitbucket `/commits/`, the others (GitHub, Gitea, Azure DevOps) `/commit/`. */
export function commitUrl(env: Env): string | undefined {
  const repo = repositoryUrl(env);
  const sha = env?.commit;
  if (!repo || !sha || !/^[0-9a-f]{4,64}$/i.test(sha)) return undefined;
  if (/gitlab/i.test(new URL(repo).hostname)) return `${repo}/-/commit/${sha}`;
  if (/bitbucket\.org$/i.test(new URL(repo).hostname)) return `${repo}/commits/${sha}`;
  return `${repo}/commit/${sha}`;
}

export function branchUrl(env: Env): string | undefined {
  const repo = repositoryUrl(env);
  const branch = env?.branch;
  if (!repo || !branch) return undefined;
  const path = branch.split('/').map(encodeURIComponent).join('/');
  if (/gitlab/i.test(new URL(repo).hostname)) return `${repo}/-/tree/${path}`;
  if (/bitbucket\.org$/i.test(new URL(repo).hostname)) return `${repo}/branch/${path}`;
  if (/dev\.azure\.com$|visualstudio\.com$/i.test(new URL(repo).hostname)) return `${repo}?version=GB${encodeURIComponent(branch)}`;
  return `${repo}/tree/${path}`;
}

export const jobUrl = (env: Env) => web(env?.jobUrl);

/** An absolute link to a page of this Verdict, for copying. */
export const pageUrl = (path: string) => `${location.origin}${path}`;
