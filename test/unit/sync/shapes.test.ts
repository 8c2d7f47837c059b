import { describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../electron/core/sync/entities';
import { DEVICE_SHAPES, REFERENCES } from '../../../shared/sync/shapes';
import { OWNERSHIP } from '../../../shared/sync/ownership';

describe('what HQ accepts from a device matches what devices store', () => {
  it('every synced column is a field HQ accepts, and HQ accepts no field a device table lacks (besides HQ-owned ones)', () => {
    for (const table of SYNCED_TABLES) {
      const shape = DEVICE_SHAPES[table.entity];
      const columns = table.columns.map((c) => c.field).sort();
      const hqOnly = Object.entries(OWNERSHIP[table.entity].fields)
        .filter(([, rule]) => rule.owner === 'hq')
        .map(([name]) => name);
      const accepted = Object.keys(shape.fields)
        .filter((f) => !hqOnly.includes(f) || columns.includes(f))
        .sort();
      expect(accepted, table.entity).toEqual(columns);
    }
  });

  it('a required field is a column a device always fills, and every reference names a field', () => {
    for (const table of SYNCED_TABLES) {
      const shape = DEVICE_SHAPES[table.entity];
      for (const name of shape.required) expect(Object.keys(shape.fields), `${table.entity}.${name}`).toContain(name);
      for (const ref of REFERENCES[table.entity] ?? []) expect(shape.required, `${table.entity}.${ref.field}`).toContain(ref.field);
    }
  });
});
