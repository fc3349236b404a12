import * as t from 'io-ts';
import { ParticipantMixerLevel } from '../ParticipantMixerLevel';
import { TeleconferenceDeviceQuality } from '../TeleconferenceDeviceQuality';
import { actionBody, clientContext } from './actionBody';

/** Body of `POST /communications/calls/{id}/participants/configureMixer` (beta). */
export const ConfigureMixerRequest = actionBody(
  'configureMixerRequest',
  { participantMixerLevels: t.array(ParticipantMixerLevel) },
  clientContext,
);
export type ConfigureMixerRequest = t.TypeOf<typeof ConfigureMixerRequest>;

/** Body of `POST /communications/calls/logTeleconferenceDeviceQuality`. */
export const LogTeleconferenceDeviceQualityRequest = actionBody(
  'logTeleconferenceDeviceQualityRequest',
  { quality: TeleconferenceDeviceQuality },
  {},
);
export type LogTeleconferenceDeviceQualityRequest = t.TypeOf<typeof LogTeleconferenceDeviceQualityRequest>;
