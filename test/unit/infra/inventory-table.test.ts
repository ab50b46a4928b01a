import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  inventoryTableDefinition,
  TTL_ATTRIBUTE,
} from '../../../shared/adapters/dynamodb/inventory-table.ts';
import { parseCloudFormationYaml } from '../../support/cloudformation/cloudformation-yaml.ts';

/** CloudFormation's table properties share these names and shapes with CreateTable's input. */
type DeclaredTable = Pick<
  CreateTableCommandInput,
  'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes' | 'BillingMode'
> &
  Record<string, unknown>;

const fragment = parseCloudFormationYaml(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'infra', 'app', 'inventory-table.yml'), 'utf8'),
) as { Resources: { InventoryTable: { Properties: DeclaredTable } } };
const declared = fragment.Resources.InventoryTable.Properties;
const code = inventoryTableDefinition('egress-scout-dev-inventory');

const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: T[] | undefined) =>
  [...(items ?? [])].sort((a, b) =>
    String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
  );

describe('the inventory table in infra/app', () => {
  it('has the attribute definitions of inventoryTableDefinition()', () => {
    expect(byName(declared.AttributeDefinitions)).toEqual(byName(code.AttributeDefinitions));
  });

  it('has its key schema', () => {
    expect(declared.KeySchema).toEqual(code.KeySchema);
  });

  it('has its global secondary indexes, with the same keys and projections', () => {
    expect(byName(declared.GlobalSecondaryIndexes)).toEqual(byName(code.GlobalSecondaryIndexes));
  });

  it('has its billing mode and no other kind of index', () => {
    expect(declared.BillingMode).toBe(code.BillingMode);
    expect(declared.LocalSecondaryIndexes).toBeUndefined();
    expect(code.LocalSecondaryIndexes).toBeUndefined();
  });

  it('expires items on the attribute the store writes, and is recoverable and encrypted', () => {
    expect(declared.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(declared.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(declared.SSESpecification).toEqual({ SSEEnabled: true });
  });
});
