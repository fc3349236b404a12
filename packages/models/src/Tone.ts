import { openEnum, type OpenEnumType } from './codec/openEnum';

/** The known values, in Graph's order (the codec must list exactly the type's members). */
const TONE_VALUES = [
  'tone0',
  'tone1',
  'tone2',
  'tone3',
  'tone4',
  'tone5',
  'tone6',
  'tone7',
  'tone8',
  'tone9',
  'star',
  'pound',
  'a',
  'b',
  'c',
  'd',
  'flash',
] as const;

/** A DTMF tone. */
export type Tone =
  | 'tone0'
  | 'tone1'
  | 'tone2'
  | 'tone3'
  | 'tone4'
  | 'tone5'
  | 'tone6'
  | 'tone7'
  | 'tone8'
  | 'tone9'
  | 'star'
  | 'pound'
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'flash';
/** The codec of {@link Tone}: unknown values decode with a warning. */
export const Tone: OpenEnumType<Tone> = openEnum('tone', TONE_VALUES);
