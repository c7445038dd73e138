/**
 * EventBridge patterns and input transformers that forward security findings
 * to the alert topic as one readable line each.
 */

/** GuardDuty findings at or above a severity (numeric matching on `detail.severity`). */
export function guardDutyFindingsPattern(minSeverity: number): Record<string, unknown> {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { severity: [{ numeric: ['>=', minSeverity] }] },
  };
}

/**
 * New, active Security Hub findings with the given severity labels. When GuardDuty findings are
 * forwarded by their own rule, GuardDuty's copies in Security Hub are left out (one alert per finding).
 */
export function securityHubFindingsPattern(labels: string[], excludeGuardDuty: boolean): Record<string, unknown> {
  return {
    source: ['aws.securityhub'],
    'detail-type': ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        Severity: { Label: labels },
        Workflow: { Status: ['NEW'] },
        RecordState: ['ACTIVE'],
        ...(excludeGuardDuty ? { ProductName: [{ 'anything-but': 'GuardDuty' }] } : {}),
      },
    },
  };
}

/** Input transformer: a GuardDuty finding as one line with a console link. */
export const GUARDDUTY_INPUT = {
  inputPaths: {
    severity: '$.detail.severity',
    type: '$.detail.type',
    title: '$.detail.title',
    account: '$.detail.accountId',
    region: '$.region',
    id: '$.detail.id',
  },
  inputTemplate:
    '"GuardDuty finding, severity <severity>, account <account>, <region>: <type>. <title> https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<id>"',
};

/** Input transformer: a Security Hub finding as one line with the resource and a console link. */
export const SECURITY_HUB_INPUT = {
  inputPaths: {
    severity: '$.detail.findings[0].Severity.Label',
    title: '$.detail.findings[0].Title',
    product: '$.detail.findings[0].ProductName',
    account: '$.detail.findings[0].AwsAccountId',
    region: '$.region',
    resource: '$.detail.findings[0].Resources[0].Id',
  },
  inputTemplate:
    '"Security Hub <severity> finding from <product>, account <account>, <region>: <title>. Resource: <resource>. https://console.aws.amazon.com/securityhub/home?region=<region>#/findings"',
};
