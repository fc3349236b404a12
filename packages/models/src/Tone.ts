import { openEnum } from './codec/openEnum';

/** A DTMF tone. */
export const Tone = openEnum('tone', [
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
] as const);
export type Tone = (typeof Tone)['_A'];
