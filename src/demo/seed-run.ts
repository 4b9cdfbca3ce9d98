/**
 * The seed page's sample run (shared/seed/test-results-at-all-levels.md), as a run document with the
 * page's ids pinned. Loaded by `verdict demo` and by the golden tests, which expect the page's five
 * sample bodies back key for key.
 *
 * The page shows one machine, one suite, one case and its six steps; the rest of the run (8 cases on two
 * machines) is filled in so that every count, time and duration on the page holds: the plan's 8 = 4 + 4,
 * the machine's 4 = 2 + 2, the suite's 2 = 1 + 1, and metrics.duration starts at the first case, 07:29:31.
 */
import type { RunDocument, StepDocument } from '../core/document.js';
import type { FixedIds } from '../core/normalized.js';

/** A document whose nodes may pin their ids (trusted loaders only). */
export type Pinned<T> = T extends (infer U)[] ? Pinned<U>[] : T extends object ? { [K in keyof T]: Pinned<T[K]> } & { fixed?: FixedIds } : T;

const t = (hms: string) => `2024-05-29T${hms}Z`;

const seedSteps: Pinned<StepDocument>[] = [
  { fixed: { uuid: '3c51e933-7e15-41a0-893b-38e38b8258a2', identityId: 2847 }, type: 'NLP_TEXT', action: 'Navigate to https://simply-travel.testsigma.com/', message: 'Successfully opened given URL.', result: 'SUCCESS', startTime: t('07:29:32'), endTime: t('07:29:33'), duration: 1133 },
  { fixed: { uuid: 'c3a8fbeb-b508-41d2-83f7-6a0ca152e234', identityId: 2848 }, type: 'NLP_TEXT', action: 'Click on Login or Sign Up Button', message: 'Successfully performed click action.', result: 'SUCCESS', startTime: t('07:29:37'), endTime: t('07:29:39'), duration: 2040 },
  { fixed: { uuid: '36bbdc50-ca05-4289-8342-c9e20d0491a4', identityId: 2849 }, type: 'NLP_TEXT', action: 'Click on Login Button', message: 'Successfully performed click action.', result: 'SUCCESS', startTime: t('07:29:42'), endTime: t('07:29:44'), duration: 1539 },
  { fixed: { uuid: 'abefa297-cb14-48f4-b9e8-60db12854c03', identityId: 2850 }, type: 'NLP_TEXT', action: 'Select the radio button Mobile Number Radio Button', message: 'Unable to perform click/check action on element, Element is not displayed.', errorCode: 1000001, result: 'FAILURE', startTime: t('07:29:47'), endTime: t('07:29:51'), duration: 3803 },
  { fixed: { uuid: '49b04ef4-40fa-476f-b2a7-17d7a6e68230', identityId: 2851 }, type: 'NLP_TEXT', action: 'Enter 9876543212 in the Mobile Number Radio Button field', startTime: t('07:29:54'), endTime: t('07:29:54'), duration: 1 },
  { fixed: { uuid: '0a2c386f-5639-4276-b69e-f8715cd7a85c', identityId: 2852 }, type: 'NLP_TEXT', action: 'Click on Continue Button', startTime: t('07:29:54'), endTime: null, duration: 0 },
];

const passingSteps = (url: string): StepDocument[] => [
  { type: 'NLP_TEXT', action: `Navigate to ${url}`, message: 'Successfully opened given URL.', result: 'SUCCESS' },
  { type: 'NLP_TEXT', action: 'Verify that the current page displays text Flights', message: 'Successfully verified text.', result: 'SUCCESS' },
];

const failingSteps = (what: string): StepDocument[] => [
  { type: 'NLP_TEXT', action: 'Navigate to https://simply-travel.testsigma.com/', message: 'Successfully opened given URL.', result: 'SUCCESS' },
  { type: 'NLP_TEXT', action: `Verify that ${what}`, message: `Assertion failed: ${what}`, errorCode: 1000001, result: 'FAILURE' },
  { type: 'NLP_TEXT', action: 'Click on Search Button' },
];

export const SEED_PLAN_NAME = 'Simply Travel Web';
export const SEED_RUN_ID = 517;

export function seedRunDocument(): Pinned<RunDocument> {
  return {
    fixed: { id: 517, metricsId: 162, identityId: 420 },
    testPlan: SEED_PLAN_NAME,
    buildNo: null,
    triggeredType: 'MANUAL',
    executor: 'bharath.k@testsigma.com',
    startTime: t('07:29:19'),
    endTime: t('07:33:17'),
    machines: [
      {
        fixed: { id: 1434, metricsId: 165 },
        deviceConfiguration: { title: 'Windows Chrome', osVersion: '11', browser: 'GoogleChrome', browserVersion: '123.0', resolution: '1920x1080', platform: 'Windows', deviceName: null, hostName: 'agent.testsigma.com', osType: 'WINDOWS' },
        appDetails: null,
        startTime: t('07:29:19'),
        endTime: t('07:31:40'),
        suites: [
          {
            fixed: { id: 1383, metricsId: 293, identityId: 359 },
            name: 'Login',
            startTime: t('07:29:19'),
            endTime: t('07:30:33'),
            cases: [
              { fixed: { id: 3857, metricsId: 1089, identityId: 609 }, name: 'Login with mobile number', startTime: t('07:29:31'), endTime: t('07:29:55'), duration: 23038, steps: seedSteps },
              { name: 'Login with email', startTime: t('07:29:56'), endTime: t('07:30:33'), steps: passingSteps('https://simply-travel.testsigma.com/login') },
            ],
          },
          {
            name: 'Flight search',
            startTime: t('07:30:33'),
            endTime: t('07:31:40'),
            cases: [
              { name: 'Search one-way flight', startTime: t('07:30:34'), endTime: t('07:31:02'), steps: passingSteps('https://simply-travel.testsigma.com/flights') },
              { name: 'Search round trip', startTime: t('07:31:03'), endTime: t('07:31:40'), steps: failingSteps('the return date picker is shown') },
            ],
          },
        ],
      },
      {
        deviceConfiguration: { title: 'Windows Firefox', osVersion: '11', browser: 'MozillaFirefox', browserVersion: '124.0', resolution: '1920x1080', platform: 'Windows', deviceName: null, hostName: 'agent.testsigma.com', osType: 'WINDOWS' },
        startTime: t('07:31:40'),
        endTime: t('07:33:17'),
        suites: [
          {
            name: 'Login',
            startTime: t('07:31:40'),
            endTime: t('07:32:30'),
            cases: [
              { name: 'Login with mobile number', startTime: t('07:31:41'), endTime: t('07:32:05'), steps: failingSteps('the mobile number field is displayed') },
              { name: 'Login with email', startTime: t('07:32:06'), endTime: t('07:32:30'), steps: passingSteps('https://simply-travel.testsigma.com/login') },
            ],
          },
          {
            name: 'Flight search',
            startTime: t('07:32:30'),
            endTime: t('07:33:17'),
            cases: [
              { name: 'Search one-way flight', startTime: t('07:32:31'), endTime: t('07:32:52'), steps: passingSteps('https://simply-travel.testsigma.com/flights') },
              { name: 'Search round trip', startTime: t('07:32:53'), endTime: t('07:33:17'), steps: failingSteps('the return date picker is shown') },
            ],
          },
        ],
      },
    ],
  };
}
