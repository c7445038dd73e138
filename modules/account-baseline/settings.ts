/** The account baseline's props with defaults applied, shared by its parts. */
import { arnPrefix } from '../core/context';
import type { AccountBaselineProps } from './index';

export interface BaselineSettings {
  readonly name: string;
  readonly partition: string;
  readonly account: string;
  readonly tags?: Record<string, string>;
  readonly preventDestroy: boolean;
  readonly trailOn: boolean;
  readonly configOn: boolean;
  readonly trailName: string;
  /** The trail's ARN, known before the trail exists (the key and bucket policies name it). */
  readonly trailArn: string;
}

export function baselineSettings(props: AccountBaselineProps): BaselineSettings {
  const trailName = `${props.name}-trail`;
  return {
    name: props.name,
    partition: props.partition ?? 'aws',
    account: props.accountId,
    tags: props.tags,
    preventDestroy: props.preventDestroy ?? true,
    trailOn: props.cloudTrail?.enabled ?? true,
    configOn: props.config?.enabled ?? true,
    trailName,
    trailArn: `${arnPrefix(props, 'cloudtrail')}:trail/${trailName}`,
  };
}
