/**
 * The one builder of the OSCU request schemas: KRA's field table (`OSCU_REQUEST_FIELDS` of
 * @ushuru/kra) mapped onto the field builders of fields.ts, which add how the gateway reads a value
 * (numbers for CHAR fields, numeric text for NUMBER fields, safe text). What KRA requires is in the
 * table; what the gateway adds is here or in index.ts:
 * - objects are loose (`kraObject`): fields beyond the table pass through to KRA;
 * - list entries are document lines (`documentLine`): a line's `totTaxAmt` is read as `taxAmt`;
 * - only closed code lists (`codes`) are checked; values of KRA's code classes (`codeClass`) are
 *   KRA's to judge, or checked against the lists synced from KRA (code-lists.ts).
 */
import { OSCU_REQUEST_FIELDS, type OscuField, type OscuOperationName, type OscuRequestFieldTable } from '@ushuru/kra';
import { z } from 'zod';
import {
  amount,
  char,
  code,
  d8,
  digits8,
  documentLine,
  dt14,
  fixedChar,
  int,
  kraObject,
  optAmount,
  optChar,
  optCode,
  optD8,
  optDigits8,
  optDt14,
  optFixedChar,
  optInt,
  optYn,
  yn,
} from './fields.js';

type Need<F extends OscuField, Yes, No> = F['required'] extends true ? Yes : No;
type FieldsOf<F extends OscuField> = F extends { readonly fields: infer Fs extends readonly OscuField[] } ? Fs : readonly [];

type CharSchema<F extends OscuField> = F extends { readonly codes: readonly string[] }
  ? Need<F, ReturnType<typeof code>, ReturnType<typeof optCode>>
  : F extends { readonly length: number }
    ? Need<F, ReturnType<typeof fixedChar>, ReturnType<typeof optFixedChar>>
    : Need<F, ReturnType<typeof char>, ReturnType<typeof optChar>>;

/** The shape of a nested object or list entry, as zod's constraint wants it. */
type NestedShape<F extends OscuField> = ShapeOf<FieldsOf<F>> extends infer S extends z.ZodRawShape ? S : never;
type ObjectSchema<F extends OscuField> = z.ZodObject<NestedShape<F>, z.core.$loose>;
/** A list of document lines (see `documentLine`). */
type ListSchema<F extends OscuField> = z.ZodArray<z.ZodPreprocess<ObjectSchema<F>>>;

/** The zod schema the builder makes for one table field. */
export type FieldSchema<F extends OscuField> = F['type'] extends 'char'
  ? CharSchema<F>
  : F['type'] extends 'integer'
    ? Need<F, ReturnType<typeof int>, ReturnType<typeof optInt>>
    : F['type'] extends 'number'
      ? Need<F, ReturnType<typeof amount>, ReturnType<typeof optAmount>>
      : F['type'] extends 'datetime14'
        ? Need<F, ReturnType<typeof dt14>, ReturnType<typeof optDt14>>
        : F['type'] extends 'date8'
          ? F extends { readonly alsoDayFirst: true }
            ? Need<F, ReturnType<typeof digits8>, ReturnType<typeof optDigits8>>
            : Need<F, ReturnType<typeof d8>, ReturnType<typeof optD8>>
          : F['type'] extends 'flag'
            ? Need<F, ReturnType<typeof yn>, ReturnType<typeof optYn>>
            : F['type'] extends 'object'
              ? Need<F, ObjectSchema<F>, z.ZodOptional<z.ZodNullable<ObjectSchema<F>>>>
              : F['type'] extends 'list'
                ? Need<F, ListSchema<F>, z.ZodOptional<z.ZodNullable<ListSchema<F>>>>
                : never;

/** The zod shape of a list of table fields, keyed by field name. */
export type ShapeOf<Fs extends readonly OscuField[]> = { [F in Fs[number] as F['name']]: FieldSchema<F> };

/** The code list of a field as zod wants it (non-empty). */
function codeList(field: OscuField): readonly [string, ...string[]] {
  const codes = field.codes ?? [];
  if (codes.length === 0) throw new Error(`OSCU field ${field.name}: empty code list`);
  return codes as readonly [string, ...string[]];
}

function charSchema(field: OscuField): z.ZodType {
  if (field.codes) return field.required ? code(codeList(field)) : optCode(codeList(field));
  if (field.length !== undefined) return field.required ? fixedChar(field.length) : optFixedChar(field.length);
  if (field.maxLength !== undefined) return field.required ? char(field.maxLength) : optChar(field.maxLength);
  throw new Error(`OSCU field ${field.name}: a char field needs maxLength or length`);
}

function integerSchema(field: OscuField): z.ZodType {
  const min = field.min ?? -Number.MAX_SAFE_INTEGER;
  const max = field.max ?? Number.MAX_SAFE_INTEGER;
  return field.required ? int(min, max) : optInt(min, max);
}

function numberSchema(field: OscuField): z.ZodType {
  const scale = field.scale ?? 2;
  const min = field.min ?? Number.NEGATIVE_INFINITY;
  const max = field.max ?? Number.POSITIVE_INFINITY;
  return field.required ? amount(scale, min, max) : optAmount(scale, min, max);
}

function listSchema(field: OscuField): z.ZodType {
  const least = field.min ?? 0;
  const lines = z.array(documentLine(shapeOf(field.fields ?? [])), { error: 'must be an array' });
  const list = least > 0 ? lines.min(least, least === 1 ? 'must have at least one line' : `must have at least ${least} lines`) : lines;
  return field.required ? list : list.nullish();
}

/** The zod schema of one table field. */
export function fieldSchema<const F extends OscuField>(field: F): FieldSchema<F> {
  const optional = (schema: z.ZodType) => (field.required ? schema : schema.nullish());
  let schema: z.ZodType;
  switch (field.type) {
    case 'char':
      schema = charSchema(field);
      break;
    case 'integer':
      schema = integerSchema(field);
      break;
    case 'number':
      schema = numberSchema(field);
      break;
    case 'datetime14':
      schema = field.required ? dt14() : optDt14();
      break;
    case 'date8':
      schema = field.alsoDayFirst ? (field.required ? digits8() : optDigits8()) : field.required ? d8() : optD8();
      break;
    case 'flag':
      schema = field.required ? yn() : optYn();
      break;
    case 'object':
      schema = optional(kraObject(shapeOf(field.fields ?? [])));
      break;
    case 'list':
      schema = listSchema(field);
      break;
  }
  return schema as FieldSchema<F>;
}

/** The zod shape of table fields, in table order (the order field errors are reported in). */
export function shapeOf<const Fs extends readonly OscuField[]>(fields: Fs): ShapeOf<Fs> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(shape, field.name)) throw new Error(`OSCU field ${field.name} is listed twice`);
    shape[field.name] = fieldSchema(field);
  }
  return shape as ShapeOf<Fs>;
}

/** An operation's request as the table has it: a loose object of its fields (unknown fields pass through). */
export function tableSchema<Op extends OscuOperationName>(operation: Op) {
  return kraObject(shapeOf(OSCU_REQUEST_FIELDS[operation] as OscuRequestFieldTable[Op]));
}
