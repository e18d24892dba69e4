import type { FlowReport } from './build-report.js';

export type Outcome = 'frozen' | 'escalated' | 'failed' | 'green' | 'ci-failed' | 'ci-unknown' | 'incomplete';

export interface NextSteps {
  outcome: Outcome;
  steps: string[];
}

const STEP_WORKFLOW = 'the agent-step workflow (Actions → agent-step → Run workflow)';

/** What happened, in one word, and what a human should do now. The PR stays a Draft in every case. */
export function nextSteps(report: FlowReport, freezeLabel: string): NextSteps {
  const pr = `PR #${report.pr}`;
  const stages = [
    ['plan', report.plan.state],
    ['write-tests', report.tests.state],
    ['implement', report.implement.state],
    ['ci', report.ci.state],
  ] as const;

  if (report.frozenNow || stages.some(([, s]) => s === 'frozen')) {
    return {
      outcome: 'frozen',
      steps: [
        `The \`${freezeLabel}\` label stopped the bot: it pushes and comments nothing more on ${pr} or issue #${report.issue}.`,
        `Review what is there. To hand the work back, remove the label and run the next step with ${STEP_WORKFLOW}.`,
      ],
    };
  }
  const failed = [...stages, ...report.quality.map((q) => [q.step, q.state] as const)].filter(([, s]) => s === 'failed' || s === 'cancelled');
  if (failed.length > 0) {
    const names = failed.map(([n]) => `\`${n}\``).join(', ');
    return {
      outcome: 'failed',
      steps: [
        `The ${names} job did not finish; its job summary in the workflow run says why (inputs, policy, a GitHub or model error).`,
        `Fix the cause, then re-run the failed jobs from the run page, or run that step with ${STEP_WORKFLOW}.`,
      ],
    };
  }
  if (report.implement.state === 'escalated') {
    const attempts = report.implement.attempts === null ? '' : ` in ${report.implement.attempts} attempt(s)`;
    return {
      outcome: 'escalated',
      steps: [
        `The implementation did not make the tests pass${attempts}, so nothing broken was pushed.${report.implement.reason ? ` Reason: ${report.implement.reason}` : ''}`,
        "The best attempt's diff and test output are in the dossier artifact of this run (`implement.json`) and in the escalation comment.",
        `Either sharpen the issue or the plan (acceptance criteria, files to touch) and run \`implement\` again with ${STEP_WORKFLOW}, or take over the branch and finish by hand.`,
        `If the tests themselves are wrong, fix them on the branch first; implement may not change them.`,
      ],
    };
  }
  if (report.implement.status !== 'green') {
    const missing = stages
      .filter(([, s]) => s !== 'done')
      .map(([n]) => `\`${n}\``)
      .join(', ');
    return {
      outcome: 'incomplete',
      steps: [`The flow has not reached a green implementation yet (not done: ${missing || 'implement'}). Run the next step with ${STEP_WORKFLOW}.`],
    };
  }
  const draft = `Leave ${pr} a Draft until a human has reviewed it: the bot never marks it ready for review or merges it. When you are satisfied, mark it **Ready for review**.`;
  switch (report.ci.result) {
    case 'success':
      return { outcome: 'green', steps: ['The new tests failed before the change and pass after it, and CI is green.', draft] };
    case 'failure':
      return {
        outcome: 'ci-failed',
        steps: [
          `The tests pass locally but CI failed on ${report.ci.failing.map((n) => `\`${n}\``).join(', ') || 'some checks'}; the verify job's summary has their logs.`,
          `Fix it on the branch, or run \`implement\` again with ${STEP_WORKFLOW}.`,
        ],
      };
    case 'no-checks':
      return {
        outcome: 'ci-unknown',
        steps: [
          "No CI ran on the agent's commit. Pushes made with the workflow's `GITHUB_TOKEN` start no workflows: give the flow a GitHub App token as the `agent-token` secret (see ci-app-token.md in eternia/agents), or push an empty commit yourself to start CI.",
          draft,
        ],
      };
    case 'pending-timeout':
      return {
        outcome: 'ci-unknown',
        steps: [
          `CI was still running when the verify job stopped waiting; run \`ci\` again with ${STEP_WORKFLOW} or watch the checks on ${pr}.`,
          draft,
        ],
      };
    default:
      return {
        outcome: 'ci-unknown',
        steps: [`The tests pass; CI was not checked in this run. Watch the checks on ${pr} or run \`ci\` with ${STEP_WORKFLOW}.`, draft],
      };
  }
}
