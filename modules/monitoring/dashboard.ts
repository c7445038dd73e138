/**
 * The environment dashboard as literal JSON (CloudWatch dashboard body format):
 * the golden signals of the load balancer, the service and the database.
 */
import type { AlbDimensions, ServiceDimensions } from './alarms';

type MetricRow = (string | Record<string, unknown>)[];

interface Widget {
  readonly type: 'metric' | 'text' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

/** What the dashboard shows; each section is left out when its input is absent. */
export interface DashboardInputs {
  /** Dashboard region (the metrics' region). */
  readonly region: string;
  /** Title line. */
  readonly title: string;
  /**
   * The load balancer to graph.
   * @default undefined: no load balancer row
   */
  readonly loadBalancer?: AlbDimensions;
  /**
   * The ECS service to graph.
   * @default undefined: no service row
   */
  readonly service?: Pick<ServiceDimensions, 'clusterName' | 'serviceName'>;
  /**
   * The RDS instance to graph.
   * @default undefined: no database row
   */
  readonly dbInstanceIdentifier?: string;
  /**
   * Alarm ARNs for the alarm-status widget.
   * @default []: no alarm widget
   */
  readonly alarmArns?: string[];
}

const WIDTH = 8;
const HEIGHT = 6;

/** A graph: its title, metric rows and optional y-axis label. */
interface Graph {
  readonly title: string;
  readonly metrics: MetricRow[];
  readonly yLabel?: string;
}

/** Widgets laid out top to bottom: each call appends below the previous one. */
class Layout {
  readonly widgets: Widget[] = [];
  private y = 0;

  constructor(private readonly region: string) {}

  header(markdown: string): void {
    this.widgets.push({ type: 'text', x: 0, y: this.y, width: 24, height: 1, properties: { markdown } });
    this.y += 1;
  }

  alarms(alarmArns: string[]): void {
    this.widgets.push({ type: 'alarm', x: 0, y: this.y, width: 24, height: 3, properties: { title: 'Alarms', alarms: alarmArns, sortBy: 'stateUpdatedTimestamp' } });
    this.y += 3;
  }

  /** A row of graphs `width` wide each; the y-axis label, when given, replaces the units (`hideUnits`: always hidden). */
  row(graphs: Graph[], { width = WIDTH, hideUnits = false }: { width?: number; hideUnits?: boolean } = {}): void {
    graphs.forEach((g, i) => {
      this.widgets.push({
        type: 'metric',
        x: i * width,
        y: this.y,
        width,
        height: HEIGHT,
        properties: {
          title: g.title,
          region: this.region,
          view: 'timeSeries',
          stacked: false,
          period: 60,
          metrics: g.metrics,
          yAxis: { left: { min: 0, ...(g.yLabel || hideUnits ? { label: g.yLabel, showUnits: false } : {}) } },
        },
      });
    });
    this.y += HEIGHT;
  }
}

/** Builds the `dashboard_body` object. */
export function dashboardBody(inputs: DashboardInputs): { widgets: Widget[] } {
  const layout = new Layout(inputs.region);
  layout.header(`# ${inputs.title}`);
  if (inputs.alarmArns && inputs.alarmArns.length > 0) layout.alarms(inputs.alarmArns);
  if (inputs.loadBalancer) loadBalancerRow(layout, inputs.loadBalancer);
  if (inputs.service) serviceRow(layout, inputs.service);
  if (inputs.dbInstanceIdentifier) databaseRow(layout, inputs.dbInstanceIdentifier);
  return { widgets: layout.widgets };
}

function loadBalancerRow(layout: Layout, lb: AlbDimensions): void {
  const alb = (metric: string, opts: Record<string, unknown>): MetricRow => ['AWS/ApplicationELB', metric, 'LoadBalancer', lb.albArnSuffix, opts];
  layout.header('## Load balancer');
  layout.row([
    {
      title: 'Requests and 5xx',
      metrics: [
        alb('RequestCount', { stat: 'Sum', label: 'Requests' }),
        alb('HTTPCode_Target_5XX_Count', { stat: 'Sum', label: 'Target 5xx' }),
        alb('HTTPCode_ELB_5XX_Count', { stat: 'Sum', label: 'ELB 5xx' }),
      ],
    },
    {
      title: 'Target response time',
      yLabel: 'seconds',
      metrics: [alb('TargetResponseTime', { stat: 'p50', label: 'p50' }), alb('TargetResponseTime', { stat: 'p99', label: 'p99' })],
    },
    { title: 'Targets', metrics: targetMetrics(lb) },
  ]);
}

/**
 * Healthy and unhealthy targets per target group: one pair of lines, or with blue/green deploys one pair per target
 * group (labelled blue and green): production traffic is on whichever one CodeDeploy last moved it to.
 */
function targetMetrics(lb: AlbDimensions): MetricRow[] {
  const groups: [string, string][] = lb.greenTargetGroupArnSuffix === undefined ? [[lb.targetGroupArnSuffix, '']] : [[lb.targetGroupArnSuffix, ' (blue)'], [lb.greenTargetGroupArnSuffix, ' (green)']];
  return groups.flatMap(([tg, suffix]): MetricRow[] => [
    ['AWS/ApplicationELB', 'HealthyHostCount', 'TargetGroup', tg, 'LoadBalancer', lb.albArnSuffix, { stat: 'Minimum', label: `Healthy${suffix}` }],
    ['AWS/ApplicationELB', 'UnHealthyHostCount', 'TargetGroup', tg, 'LoadBalancer', lb.albArnSuffix, { stat: 'Maximum', label: `Unhealthy${suffix}` }],
  ]);
}

function serviceRow(layout: Layout, svc: Pick<ServiceDimensions, 'clusterName' | 'serviceName'>): void {
  const dims = ['ClusterName', svc.clusterName, 'ServiceName', svc.serviceName];
  layout.header('## Service');
  layout.row([
    { title: 'CPU utilization', yLabel: 'percent', metrics: [['AWS/ECS', 'CPUUtilization', ...dims, { stat: 'Average', label: 'Average' }], ['AWS/ECS', 'CPUUtilization', ...dims, { stat: 'Maximum', label: 'Maximum' }]] },
    { title: 'Memory utilization', yLabel: 'percent', metrics: [['AWS/ECS', 'MemoryUtilization', ...dims, { stat: 'Average', label: 'Average' }], ['AWS/ECS', 'MemoryUtilization', ...dims, { stat: 'Maximum', label: 'Maximum' }]] },
    {
      title: 'Tasks',
      metrics: [
        ['ECS/ContainerInsights', 'RunningTaskCount', ...dims, { stat: 'Minimum', label: 'Running' }],
        ['ECS/ContainerInsights', 'DesiredTaskCount', ...dims, { stat: 'Maximum', label: 'Desired' }],
      ],
    },
  ]);
}

function databaseRow(layout: Layout, db: string): void {
  const rds = (metric: string, stat: string, label: string): MetricRow => ['AWS/RDS', metric, 'DBInstanceIdentifier', db, { stat, label }];
  layout.header('## Database');
  // Four graphs in a row of 24: 6 wide each, no units (the labels say them).
  layout.row(
    [
      { title: 'CPU utilization', yLabel: 'percent', metrics: [rds('CPUUtilization', 'Average', 'CPU')] },
      { title: 'Connections', metrics: [rds('DatabaseConnections', 'Maximum', 'Connections')] },
      { title: 'Free storage', yLabel: 'bytes', metrics: [rds('FreeStorageSpace', 'Minimum', 'Free storage')] },
      { title: 'Freeable memory', yLabel: 'bytes', metrics: [rds('FreeableMemory', 'Minimum', 'Freeable memory')] },
    ],
    { width: 6, hideUnits: true },
  );
}
