import type { z } from 'zod';
import { PERSONAL_FIELD_NAMES } from './access';

const PERSONAL = new Set<string>(PERSONAL_FIELD_NAMES);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
  items?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * The dotted paths of every personal field (by name, PERSONAL_FIELD_NAMES) a zod schema can
 * carry, walked through objects, arrays, optionals, unions, pipes, records and lazies. The
 * contract walk uses it to find a channel that carries personal data without declaring it.
 */
export function personalFieldPaths(schema: z.ZodType): string[] {
  const found: string[] = [];
  const seen = new Set<z.ZodType>();
  const walk = (s: z.ZodType | undefined, path: string) => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const d = defOf(s);
    switch (d.type) {
      case 'object':
        for (const [key, child] of Object.entries(d.shape ?? {})) {
          const p = path ? `${path}.${key}` : key;
          if (PERSONAL.has(key)) found.push(p);
          walk(child, p);
        }
        return;
      case 'array':
        walk(d.element, `${path}[]`);
        return;
      case 'tuple':
        for (const item of d.items ?? []) walk(item, `${path}[]`);
        return;
      case 'union':
        for (const o of d.options ?? []) walk(o, path);
        return;
      case 'intersection':
        walk(d.left, path);
        walk(d.right, path);
        return;
      case 'pipe':
        walk(d.in, path);
        walk(d.out, path);
        return;
      case 'record':
        walk(d.valueType, `${path}{}`);
        return;
      case 'lazy':
        if (d.getter) walk(d.getter(), path);
        return;
      default:
        walk(d.innerType, path);
    }
  };
  walk(schema, '');
  return found;
}
