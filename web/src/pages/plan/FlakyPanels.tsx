/**
 * A plan's flaky tests by both definitions, each stated as the API states it: flip-rate (pass ⇄ fail
 * flips between consecutive runs, GET /test_plans/{id}/flaky_tests) and retry-flaky (failed, then passed
 * on a retry within one run, GET /test_plans/{id}/retry_flaky_tests). Quarantined tests are marked.
 */
import type { Defined, FlakyTest, Quarantine, RetryFlakyTest } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { formatPercent } from '../../format';
import { quarantineTitle } from '../../quarantines';
import { Link } from '../../router';
import { useApi } from '../../use-api';

function QuarantineTag({ q }: { q: Quarantine | undefined }) {
  return q ? (
    <span className="tag tag-quarantine" title={quarantineTitle(q)} data-testid="quarantined-tag">
      quarantined
    </span>
  ) : null;
}

export function FlakyPanels({ planId, runs, quarantined }: { planId: number; runs: number; quarantined: Map<number, Quarantine> }) {
  const flips = useApi<Defined<FlakyTest>>(`/test_plans/${planId}/flaky_tests`, { runs, limit: 10 });
  const retries = useApi<Defined<RetryFlakyTest>>(`/test_plans/${planId}/retry_flaky_tests`, { runs, limit: 10 });
  return (
    <>
      <section className="panel" data-testid="flaky-tests">
        <div className="panel-head">
          <h2>Flaky by flip rate</h2>
        </div>
        {flips.data ? (
          <p className="definition muted small" data-testid="flip-definition">
            {flips.data.definition}
          </p>
        ) : null}
        {flips.error ? (
          <ErrorState error={flips.error} />
        ) : !flips.data ? (
          <Loading />
        ) : flips.data.content.length === 0 ? (
          <Empty>No test flipped between pass and fail often enough.</Empty>
        ) : (
          <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th>Test</th>
                  <th className="num">Flips</th>
                  <th className="num">Flip rate</th>
                  <th className="num">Failed runs</th>
                  <th>Latest</th>
                </tr>
              </thead>
              <tbody>
                {flips.data.content.map((t) => (
                  <tr key={t.testCaseId}>
                    <td>
                      <Link to={`/tests/${t.testCaseId}?plan=${planId}`}>{t.name}</Link> <QuarantineTag q={quarantined.get(t.testCaseId)} />
                    </td>
                    <td className="num strong">{t.flips}</td>
                    <td className="num">{formatPercent(t.flipRate)}</td>
                    <td className="num">
                      {t.failedRuns}/{t.runs}
                    </td>
                    <td>
                      <Link to={`/runs/${t.lastRunId}/cases/${t.lastCaseResultId}`}>run #{t.lastRunId}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" data-testid="retry-flaky-tests">
        <div className="panel-head">
          <h2>Flaky by retry</h2>
        </div>
        {retries.data ? (
          <p className="definition muted small" data-testid="retry-definition">
            {retries.data.definition}
          </p>
        ) : null}
        {retries.error ? (
          <ErrorState error={retries.error} />
        ) : !retries.data ? (
          <Loading />
        ) : retries.data.content.length === 0 ? (
          <Empty>No test failed and then passed on a retry in these runs.</Empty>
        ) : (
          <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th>Test</th>
                  <th className="num">Runs flaky</th>
                  <th>Latest</th>
                </tr>
              </thead>
              <tbody>
                {retries.data.content.map((t) => (
                  <tr key={t.testCaseId}>
                    <td>
                      <Link to={`/tests/${t.testCaseId}?plan=${planId}`}>{t.name}</Link> <QuarantineTag q={quarantined.get(t.testCaseId)} />
                    </td>
                    <td className="num strong">{t.flakyRuns}</td>
                    <td>
                      <Link to={`/runs/${t.lastRunId}/cases/${t.lastCaseResultId}`}>run #{t.lastRunId}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
