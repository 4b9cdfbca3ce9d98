/** ciEnvironment: one case per CI, with the variables each documents. */
import { describe, expect, it } from 'vitest';
import { ciEnvironment, repositoryWebUrl } from '../../src/cli/ci-environment.js';

describe('ciEnvironment', () => {
  it('is undefined outside CI', () => {
    expect(ciEnvironment({ HOME: '/root', CI: 'true' })).toBeUndefined();
  });

  it('GitHub Actions: run number, sha, head branch of a pull request, run URL', () => {
    const env = {
      GITHUB_ACTIONS: 'true', GITHUB_RUN_NUMBER: '128', GITHUB_RUN_ID: '9876543210', GITHUB_SHA: 'a1b2c3', GITHUB_REF_NAME: '42/merge', GITHUB_HEAD_REF: 'feature/login',
      GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop',
    };
    expect(ciEnvironment(env)).toEqual({
      name: 'GitHub Actions',
      buildNumber: '128',
      environment: { ci: 'GitHub Actions', buildNumber: '128', commit: 'a1b2c3', branch: 'feature/login', jobUrl: 'https://github.com/acme/shop/actions/runs/9876543210', repository: 'acme/shop', repositoryUrl: 'https://github.com/acme/shop' },
    });
    expect(ciEnvironment({ ...env, GITHUB_HEAD_REF: '' })?.environment.branch).toBe('42/merge');
  });

  it('GitLab CI: pipeline IID, sha, branch, job URL', () => {
    expect(ciEnvironment({ GITLAB_CI: 'true', CI_PIPELINE_IID: '77', CI_PIPELINE_ID: '123456', CI_COMMIT_SHA: 'deadbeef', CI_COMMIT_BRANCH: 'main', CI_JOB_URL: 'https://gitlab.com/acme/shop/-/jobs/555', CI_PROJECT_PATH: 'acme/shop', CI_PROJECT_URL: 'https://gitlab.com/acme/shop' })).toEqual({
      name: 'GitLab CI',
      buildNumber: '77',
      environment: { ci: 'GitLab CI', buildNumber: '77', commit: 'deadbeef', branch: 'main', jobUrl: 'https://gitlab.com/acme/shop/-/jobs/555', repository: 'acme/shop', repositoryUrl: 'https://gitlab.com/acme/shop' },
    });
    // Merge request pipelines have no CI_COMMIT_BRANCH.
    expect(ciEnvironment({ GITLAB_CI: 'true', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'fix', CI_COMMIT_REF_NAME: 'refs/merge-requests/3/head' })?.environment.branch).toBe('fix');
  });

  it('Jenkins: BUILD_NUMBER, GIT_COMMIT, branch without origin/, BUILD_URL', () => {
    expect(ciEnvironment({ JENKINS_URL: 'https://ci.acme.test/', BUILD_NUMBER: '311', GIT_COMMIT: 'cafe01', GIT_BRANCH: 'origin/release-2', BUILD_URL: 'https://ci.acme.test/job/shop/311/' })).toEqual({
      name: 'Jenkins',
      buildNumber: '311',
      environment: { ci: 'Jenkins', buildNumber: '311', commit: 'cafe01', branch: 'release-2', jobUrl: 'https://ci.acme.test/job/shop/311/' },
    });
    expect(ciEnvironment({ JENKINS_HOME: '/var/jenkins', BRANCH_NAME: 'PR-9', GIT_BRANCH: 'origin/x' })?.environment.branch).toBe('PR-9');
  });

  it('CircleCI: build number, sha, branch, build URL, project', () => {
    expect(ciEnvironment({ CIRCLECI: 'true', CIRCLE_BUILD_NUM: '9001', CIRCLE_SHA1: 'f00d', CIRCLE_BRANCH: 'main', CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/shop/9001', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'shop' })).toEqual({
      name: 'CircleCI',
      buildNumber: '9001',
      environment: { ci: 'CircleCI', buildNumber: '9001', commit: 'f00d', branch: 'main', jobUrl: 'https://circleci.com/gh/acme/shop/9001', repository: 'acme/shop' },
    });
  });

  it('Azure Pipelines: build number, source version, branch without refs/heads/, results URL', () => {
    expect(
      ciEnvironment({
        TF_BUILD: 'True', BUILD_BUILDNUMBER: '20240529.3', BUILD_BUILDID: '812', BUILD_SOURCEVERSION: 'beef42', BUILD_SOURCEBRANCH: 'refs/heads/feature/x', BUILD_SOURCEBRANCHNAME: 'x',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/', SYSTEM_TEAMPROJECT: 'Shop App', BUILD_REPOSITORY_NAME: 'shop',
      }),
    ).toEqual({
      name: 'Azure Pipelines',
      buildNumber: '20240529.3',
      environment: { ci: 'Azure Pipelines', buildNumber: '20240529.3', commit: 'beef42', branch: 'feature/x', jobUrl: 'https://dev.azure.com/acme/Shop%20App/_build/results?buildId=812', repository: 'shop' },
    });
  });

  it('Buildkite: build number, commit, branch, build URL with the job anchor', () => {
    expect(ciEnvironment({ BUILDKITE: 'true', BUILDKITE_BUILD_NUMBER: '15', BUILDKITE_COMMIT: '0a0b', BUILDKITE_BRANCH: 'main', BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/shop/builds/15', BUILDKITE_JOB_ID: 'e44f', BUILDKITE_REPO: 'git@github.com:acme/shop.git' })).toEqual({
      name: 'Buildkite',
      buildNumber: '15',
      environment: { ci: 'Buildkite', buildNumber: '15', commit: '0a0b', branch: 'main', jobUrl: 'https://buildkite.com/acme/shop/builds/15#e44f', repository: 'git@github.com:acme/shop.git', repositoryUrl: 'https://github.com/acme/shop' },
    });
  });

  it("Jenkins: the clone URL as the repository's web address, and never its credentials", () => {
    const environment = ciEnvironment({ JENKINS_URL: 'https://ci.acme.test/', GIT_URL: 'https://bot:s3cret@git.acme.test/shop/web.git' })?.environment;
    expect(environment).toMatchObject({ repository: 'https://git.acme.test/shop/web.git', repositoryUrl: 'https://git.acme.test/shop/web' });
    expect(JSON.stringify(environment)).not.toContain('s3cret');
  });

  it.each([
    ['git@github.com:acme/shop.git', 'https://github.com/acme/shop'],
    ['ssh://git@gitlab.example.com:2222/group/sub/app.git', 'https://gitlab.example.com/group/sub/app'],
    ['https://github.com/acme/shop/', 'https://github.com/acme/shop'],
    ['https://token@bitbucket.org/acme/shop.git', 'https://bitbucket.org/acme/shop'],
    ['acme/shop', undefined],
    ['file:///srv/git/shop.git', undefined],
  ])('repositoryWebUrl(%s) is %s', (url, web) => {
    expect(repositoryWebUrl(url)).toBe(web);
  });

  it('leaves out what the CI does not say', () => {
    expect(ciEnvironment({ CIRCLECI: 'true' })).toEqual({ name: 'CircleCI', environment: { ci: 'CircleCI' } });
  });
});
