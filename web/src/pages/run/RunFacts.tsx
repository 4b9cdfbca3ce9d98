/**
 * A run's facts: plan, build, commit and branch (links to the repository when it is known), the CI job,
 * times in the viewer's zone with how long ago, and the rest of its environment.
 */
import type { ReactNode } from 'react';
import type { TestRun } from '../../api';
import { Time } from '../../components/Time';
import { formatDuration } from '../../format';
import { branchUrl, commitUrl, jobUrl, repositoryUrl } from '../../links';
import { Link } from '../../router';

/** Environment entries shown as links or facts of their own, not repeated below. */
const SHOWN = new Set(['commit', 'branch', 'jobUrl', 'repositoryUrl', 'repository', 'ci']);

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const External = ({ href, children, testId }: { href: string | undefined; children: ReactNode; testId?: string }) =>
  href ? (
    <a href={href} target="_blank" rel="noreferrer noopener" className="external" data-testid={testId}>
      {children}
    </a>
  ) : (
    <>{children}</>
  );

export function RunFacts({ run }: { run: TestRun }) {
  const env = run.environment;
  const repo = repositoryUrl(env);
  const job = jobUrl(env);
  return (
    <dl className="facts">
      <Fact label="Plan">
        <Link to={`/plans/${run.testPlanId}`}>{run.testPlanName ?? `Plan ${run.testPlanId}`}</Link>
      </Fact>
      <Fact label="Build">
        <span className="mono">{run.buildNo ?? '—'}</span>
      </Fact>
      {env?.commit ? (
        <Fact label="Commit" testId="fact-commit">
          <External href={commitUrl(env)} testId="commit-link">
            <span className="mono">{env.commit.length > 12 ? env.commit.slice(0, 12) : env.commit}</span>
          </External>
        </Fact>
      ) : null}
      {env?.branch ? (
        <Fact label="Branch" testId="fact-branch">
          <External href={branchUrl(env)} testId="branch-link">
            <span className="mono">{env.branch}</span>
          </External>
        </Fact>
      ) : null}
      {env?.ci || job ? (
        <Fact label="CI">
          <External href={job} testId="job-link">
            {env?.ci ?? 'CI job'}
            {job ? ' job ↗' : ''}
          </External>
        </Fact>
      ) : null}
      {repo && !env?.commit && !env?.branch ? (
        <Fact label="Repository">
          <External href={repo}>{repo.replace(/^https?:\/\//, '')}</External>
        </Fact>
      ) : null}
      <Fact label="Started">
        <Time iso={run.startTime} relative="inline" />
      </Fact>
      <Fact label="Duration">{formatDuration(run.duration)}</Fact>
      <Fact label="Triggered">{run.triggeredType.toLowerCase()}</Fact>
      {run.executor ? <Fact label="Executor">{run.executor}</Fact> : null}
      {run.message ? <Fact label="Message">{run.message}</Fact> : null}
      {env
        ? Object.entries(env)
            .filter(([k]) => !SHOWN.has(k))
            .map(([k, v]) => (
              <Fact key={k} label={k}>
                <span className="mono">{String(v)}</span>
              </Fact>
            ))
        : null}
    </dl>
  );
}
