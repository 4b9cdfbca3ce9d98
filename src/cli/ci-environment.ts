/**
 * What the CI system says about the build, read from its environment variables (pure).
 * `verdict upload` stores it as the run's `environment` and takes the build number as the default `--build`.
 *
 * @example
 *   ciEnvironment({ GITHUB_ACTIONS: 'true', GITHUB_RUN_NUMBER: '42', GITHUB_SHA: 'abc', ... })
 *   // { name: 'GitHub Actions', buildNumber: '42', environment: { ci: 'GitHub Actions', buildNumber: '42', commit: 'abc', ... } }
 */
export interface CiEnvironment {
  name: string;
  buildNumber?: string;
  /** `ci`, `buildNumber`, `commit`, `branch`, `jobUrl`, `repository`, `repositoryUrl` (those the CI gives). */
  environment: Record<string, string>;
}

type Env = Readonly<Record<string, string | undefined>>;

interface Facts {
  buildNumber?: string;
  commit?: string;
  branch?: string;
  jobUrl?: string;
  repository?: string;
  /** The repository's web address (https), which the UI links commits and branches to. */
  repositoryUrl?: string;
}

/** Each CI: how to recognise it, and where its facts are. First match wins. */
const SYSTEMS: { name: string; detect: (env: Env) => boolean; facts: (env: Env) => Facts }[] = [
  {
    name: 'GitHub Actions',
    detect: (e) => e.GITHUB_ACTIONS === 'true',
    facts: (e) => ({
      buildNumber: e.GITHUB_RUN_NUMBER,
      commit: e.GITHUB_SHA,
      // On pull requests GITHUB_REF_NAME is "123/merge"; the head branch is the useful one.
      branch: e.GITHUB_HEAD_REF || e.GITHUB_REF_NAME,
      jobUrl: e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID ? `${e.GITHUB_SERVER_URL || 'https://github.com'}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}` : undefined,
      repository: e.GITHUB_REPOSITORY,
      repositoryUrl: e.GITHUB_REPOSITORY ? `${e.GITHUB_SERVER_URL || 'https://github.com'}/${e.GITHUB_REPOSITORY}` : undefined,
    }),
  },
  {
    name: 'GitLab CI',
    detect: (e) => e.GITLAB_CI === 'true',
    facts: (e) => ({
      buildNumber: e.CI_PIPELINE_IID || e.CI_PIPELINE_ID,
      commit: e.CI_COMMIT_SHA,
      branch: e.CI_COMMIT_BRANCH || e.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || e.CI_COMMIT_REF_NAME,
      jobUrl: e.CI_JOB_URL,
      repository: e.CI_PROJECT_PATH,
      repositoryUrl: e.CI_PROJECT_URL,
    }),
  },
  {
    name: 'CircleCI',
    detect: (e) => e.CIRCLECI === 'true',
    facts: (e) => ({
      buildNumber: e.CIRCLE_BUILD_NUM,
      commit: e.CIRCLE_SHA1,
      branch: e.CIRCLE_BRANCH,
      jobUrl: e.CIRCLE_BUILD_URL,
      repository: e.CIRCLE_PROJECT_USERNAME && e.CIRCLE_PROJECT_REPONAME ? `${e.CIRCLE_PROJECT_USERNAME}/${e.CIRCLE_PROJECT_REPONAME}` : undefined,
      repositoryUrl: e.CIRCLE_REPOSITORY_URL,
    }),
  },
  {
    name: 'Azure Pipelines',
    detect: (e) => e.TF_BUILD?.toLowerCase() === 'true',
    facts: (e) => ({
      buildNumber: e.BUILD_BUILDNUMBER,
      commit: e.BUILD_SOURCEVERSION,
      branch: stripRef(e.SYSTEM_PULLREQUEST_SOURCEBRANCH || e.BUILD_SOURCEBRANCH) || e.BUILD_SOURCEBRANCHNAME,
      jobUrl: e.SYSTEM_COLLECTIONURI && e.SYSTEM_TEAMPROJECT && e.BUILD_BUILDID ? `${e.SYSTEM_COLLECTIONURI.replace(/\/?$/, '/')}${encodeURIComponent(e.SYSTEM_TEAMPROJECT)}/_build/results?buildId=${e.BUILD_BUILDID}` : undefined,
      repository: e.BUILD_REPOSITORY_NAME,
      repositoryUrl: e.BUILD_REPOSITORY_URI,
    }),
  },
  {
    name: 'Buildkite',
    detect: (e) => e.BUILDKITE === 'true',
    facts: (e) => ({
      buildNumber: e.BUILDKITE_BUILD_NUMBER,
      commit: e.BUILDKITE_COMMIT,
      branch: e.BUILDKITE_BRANCH,
      jobUrl: e.BUILDKITE_BUILD_URL ? `${e.BUILDKITE_BUILD_URL}${e.BUILDKITE_JOB_ID ? `#${e.BUILDKITE_JOB_ID}` : ''}` : undefined,
      repository: e.BUILDKITE_REPO,
      repositoryUrl: e.BUILDKITE_REPO,
    }),
  },
  {
    // Last: other CIs (and Jenkins plugins) also set BUILD_NUMBER; JENKINS_URL is Jenkins' own.
    name: 'Jenkins',
    detect: (e) => Boolean(e.JENKINS_URL || e.JENKINS_HOME),
    facts: (e) => ({
      buildNumber: e.BUILD_NUMBER,
      commit: e.GIT_COMMIT,
      branch: e.BRANCH_NAME || e.GIT_BRANCH?.replace(/^origin\//, ''),
      jobUrl: e.BUILD_URL,
      repository: withoutCredentials(e.GIT_URL),
      repositoryUrl: e.GIT_URL,
    }),
  },
];

function stripRef(ref: string | undefined): string | undefined {
  return ref?.replace(/^refs\/heads\//, '') || undefined;
}

/**
 * A clone URL as the repository's web page: `git@github.com:acme/shop.git`, `ssh://git@host/a/b.git` and
 * `https://user:token@host/a/b.git` all become `https://host/a/b`; anything else is no URL (undefined).
 * Credentials never survive: a CI may put a token in its clone URL.
 */
export function repositoryWebUrl(url: string | undefined): string | undefined {
  const text = url?.trim();
  if (!text) return undefined;
  const scp = text.match(/^[\w.-]+@([\w.-]+):(?!\/)(.+)$/);
  let parsed: URL;
  try {
    parsed = new URL(scp ? `https://${scp[1]}/${scp[2]}` : text);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
  const path = parsed.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  return path && path !== '/' ? `https://${parsed.hostname}${path}` : undefined;
}

function withoutCredentials(url: string | undefined): string | undefined {
  return url?.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}

/** The CI this process runs in, or undefined outside CI (or in a CI not listed above). */
export function ciEnvironment(env: Env): CiEnvironment | undefined {
  const system = SYSTEMS.find((s) => s.detect(env));
  if (!system) return undefined;
  const facts = system.facts(env);
  facts.repositoryUrl = repositoryWebUrl(facts.repositoryUrl);
  const environment: Record<string, string> = { ci: system.name };
  for (const [k, v] of Object.entries(facts)) if (v) environment[k] = v;
  return { name: system.name, ...(facts.buildNumber ? { buildNumber: facts.buildNumber } : {}), environment };
}
