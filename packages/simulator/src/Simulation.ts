import { randomUUID } from 'node:crypto';
import { callScenario } from '@graph-calling/models';
import type { CallRequest, CallsCollection, IdentitySet, ParticipantInfo, ResultInfo } from '@graph-calling/models';
import type { NotificationSender } from './NotificationSender';
import { END_REASONS, truthOf, type CallTruth, type SimCall, type SimParticipant } from './SimCall';

/** How the far side behaves, and how long things take. */
export interface Timing {
  /** Targets of peer-to-peer, PSTN and group calls answer by themselves after this long; `false` waits for control.answer (default 20 ms). */
  readonly autoAnswerMs?: number | false;
  /** A guest waiting in a meeting lobby is admitted by itself after this long; `false` waits for control.admit (default false). */
  readonly autoAdmitMs?: number | false;
  /** An unanswered call ends (408 / 10057) after this long (default 30 s). */
  readonly ringTimeoutMs?: number;
  /** A call with no keep-alive for this long is ended (408 / 8537); default 45 minutes. */
  readonly keepAliveWindowMs?: number;
  /** Pause between the notifications of a sequence (default 10 ms), so they arrive in order unless faults say otherwise. */
  readonly stepMs?: number;
  /**
   * An ended call is forgotten this long after it ended (default 10 minutes; `Infinity` keeps every
   * call): Graph answers 404 for it either way, and a long soak must not hold every call it ever made.
   */
  readonly endedCallTtlMs?: number;
}

/** Default of {@link Timing.endedCallTtlMs}. */
export const ENDED_CALL_TTL_MS = 10 * 60_000;

/** Who created a call: the token's app, tenant and display name. */
export interface Creator {
  readonly appId: string;
  readonly tenantId: string;
  readonly displayName: string;
}

/** The simulated calling service: calls, their far side, and what it tells the callbacks. */
export class Simulation {
  /** Live calls, and ended ones until their TTL; in creation order. Add with {@link Simulation.add}. */
  readonly calls = new Map<string, SimCall>();
  /** Each call's place in creation order (the cursor of a page of calls). */
  private readonly order = new Map<string, number>();
  private created = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly callTimers = new Map<string, Set<NodeJS.Timeout>>();

  constructor(
    private readonly sender: NotificationSender,
    private readonly timing: Timing = {},
  ) {}

  /** @internal Runs `action` after `ms` unless the call's timers are cancelled (used by the call actions too). */
  after(callId: string, ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.callTimers.get(callId)?.delete(timer);
      action();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    let set = this.callTimers.get(callId);
    if (!set) this.callTimers.set(callId, (set = new Set()));
    set.add(timer);
  }

  /** @internal */
  cancelTimers(callId: string): void {
    for (const timer of this.callTimers.get(callId) ?? []) {
      clearTimeout(timer);
      this.timers.delete(timer);
    }
    this.callTimers.delete(callId);
  }

  /** Stops every timer (the simulator is shutting down). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.callTimers.clear();
  }

  /** @internal Registers a new call (created by the bot, or ringing it). */
  add(call: SimCall): void {
    this.calls.set(call.id, call);
    this.created += 1;
    this.order.set(call.id, this.created);
  }

  /**
   * Up to `limit` calls created after the one at `after` (a position from an earlier page; 0 for
   * the first page), in creation order, and the position to ask for the next page from.
   */
  page(limit: number, after: number): { readonly calls: readonly SimCall[]; readonly next: number | undefined } {
    const calls: SimCall[] = [];
    let last = after;
    for (const call of this.calls.values()) {
      const position = this.order.get(call.id) ?? 0;
      if (position <= after) continue;
      if (calls.length === limit) return { calls, next: last };
      calls.push(call);
      last = position;
    }
    return { calls, next: undefined };
  }

  /** Creates a call from a validated request and starts its notification sequence. */
  create(request: CallRequest, creator: Creator, version: 'v1.0' | 'beta', api: CallsCollection): SimCall {
    const id = randomUUID();
    const scenario = callScenario(request);
    const source = request.source?.identity ?? {
      '@odata.type': '#microsoft.graph.identitySet',
      application: { '@odata.type': '#microsoft.graph.identity', id: creator.appId, displayName: creator.displayName },
    };
    const guest = scenario === 'joinMeetingAsGuest';

    const call: SimCall = {
      id,
      tenantId: creator.tenantId,
      appId: creator.appId,
      version,
      api,
      request,
      scenario,
      callbackUri: request.callbackUri,
      myParticipantId: randomUUID(),
      callChainId: randomUUID(),
      createdAt: Date.now(),
      state: 'establishing',
      participants: new Map(),
      rosterSequence: 0,
      etag: 0,
      lastKeepAlive: Date.now(),
      faultStream: this.sender.streamFor(request.callbackUri),
    };
    call.participants.set(call.myParticipantId, participant(call.myParticipantId, source, true, guest));
    this.add(call);
    const step = this.timing.stepMs ?? 10;

    this.after(id, step, () => this.notifyCall(call, 'updated'));
    switch (scenario) {
      case 'peerToPeer':
      case 'pstn':
      case 'groupCall': {
        const answer = this.timing.autoAnswerMs ?? 20;
        if (answer !== false) this.after(id, step + answer, () => this.answer(id));
        this.after(id, this.timing.ringTimeoutMs ?? 30_000, () => {
          if (call.state === 'establishing') this.end(call, END_REASONS.noAnswer);
        });
        break;
      }
      case 'joinMeetingAsGuest':
        // A guest waits in the lobby: the roster shows the bot with isInLobby until control.admit.
        this.after(id, step * 2, () => this.notifyRoster(call, 'updated', [...call.participants.values()]));
        if (this.timing.autoAdmitMs !== undefined && this.timing.autoAdmitMs !== false)
          this.after(id, step * 3 + this.timing.autoAdmitMs, () => this.admit(id));
        break;
      default:
        this.after(id, step * 2, () => this.establish(call, meetingParticipants(request)));
    }
    this.watchKeepAlive(call);
    return call;
  }

  /** @internal */
  watchKeepAlive(call: SimCall): void {
    const window = this.timing.keepAliveWindowMs ?? 45 * 60_000;
    this.after(call.id, window, () => {
      if (call.state === 'terminated') return;
      if (Date.now() - call.lastKeepAlive >= window - 5) this.end(call, END_REASONS.keepAliveTimeout);
      else this.watchKeepAlive(call);
    });
  }

  /** @internal */
  establish(call: SimCall, others: readonly SimParticipant[]): void {
    if (call.state !== 'establishing') return;
    for (const p of others) call.participants.set(p.id, p);
    call.state = 'established';
    this.notifyCall(call, 'updated');
    if (call.scenario !== 'peerToPeer' && call.scenario !== 'pstn') {
      this.after(call.id, this.timing.stepMs ?? 10, () => this.notifyRoster(call, 'updated', [...call.participants.values()]));
    }
  }

  /** @internal */
  end(call: SimCall, reason: ResultInfo): void {
    if (call.state === 'terminated') return;
    call.state = 'terminated';
    call.resultInfo = reason;
    this.cancelTimers(call.id);
    this.notifyCall(call, 'deleted');
    this.sender.forget(call.faultStream);
    const ttl = this.timing.endedCallTtlMs ?? ENDED_CALL_TTL_MS;
    if (Number.isFinite(ttl))
      this.after(call.id, ttl, () => {
        this.calls.delete(call.id);
        this.order.delete(call.id);
        this.callTimers.delete(call.id);
      });
  }

  // ---- Graph operations -------------------------------------------------------------------

  /** DELETE: terminating, then terminated with "ended by bot". */
  hangUpByBot(id: string): boolean {
    const call = this.calls.get(id);
    if (!call || call.state === 'terminated') return false;
    call.state = 'terminating';
    this.notifyCall(call, 'updated');
    this.cancelTimers(id);
    this.after(id, this.timing.stepMs ?? 10, () => this.end(call, END_REASONS.endedByBot));
    return true;
  }

  keepAlive(id: string): boolean {
    const call = this.calls.get(id);
    if (!call || call.state === 'terminated') return false;
    call.lastKeepAlive = Date.now();
    return true;
  }

  // ---- The far side (control API) -----------------------------------------------------------

  /** The target answers. */
  answer(id: string): CallTruth {
    const call = this.require(id);
    const targets = (call.request.targets ?? []).map((t) => participant(randomUUID(), t.identity, false, false));
    this.establish(call, targets);
    return truthOf(call);
  }

  /** The target declines. */
  decline(id: string): CallTruth {
    const call = this.require(id);
    if (call.state === 'establishing') this.end(call, END_REASONS.declined);
    return truthOf(call);
  }

  /** The far side hangs up (for peer-to-peer: the other participant left). */
  hangUp(id: string): CallTruth {
    const call = this.require(id);
    this.end(call, call.scenario === 'peerToPeer' || call.scenario === 'pstn' ? END_REASONS.peerLeft : END_REASONS.conversationEnded);
    return truthOf(call);
  }

  /** The meeting lobby admits the bot (guest joins). */
  admit(id: string): CallTruth {
    const call = this.require(id);
    const self = call.participants.get(call.myParticipantId);
    if (self && self.isInLobby) {
      self.isInLobby = false;
      this.establish(call, meetingParticipants(call.request));
    }
    return truthOf(call);
  }

  /** Someone joins the call; returns their participant id. */
  join(id: string, identity: IdentitySet, options: { inLobby?: boolean } = {}): string {
    const call = this.require(id);
    const p = participant(randomUUID(), identity, false, options.inLobby ?? false);
    call.participants.set(p.id, p);
    this.rosterChanged(call, 'created', [p]);
    return p.id;
  }

  leave(id: string, participantId: string): CallTruth {
    const call = this.require(id);
    const p = call.participants.get(participantId);
    if (p && !p.self) {
      call.participants.delete(participantId);
      this.rosterChanged(call, 'deleted', [p]);
    }
    return truthOf(call);
  }

  mute(id: string, participantId: string, muted = true): CallTruth {
    const call = this.require(id);
    const p = call.participants.get(participantId);
    if (p && p.isMuted !== muted) {
      p.isMuted = muted;
      this.rosterChanged(call, 'updated', [p]);
    }
    return truthOf(call);
  }

  truth(id: string): CallTruth | undefined {
    const call = this.calls.get(id);
    return call ? truthOf(call) : undefined;
  }

  private require(id: string): SimCall {
    const call = this.calls.get(id);
    if (!call) throw new RangeError(`no call ${id}`);
    if (call.state === 'terminated') throw new RangeError(`call ${id} has ended`);
    return call;
  }

  // ---- Notifications -------------------------------------------------------------------------

  /** @internal Names a new call's own fault stream (see `FaultInjector.streamFor`). */
  streamFor(callbackUri: string): string {
    return this.sender.streamFor(callbackUri);
  }

  /** @internal */
  resourceUrl(call: SimCall, suffix = ''): Record<string, string> {
    // The deprecated 2019 APIs (/app/calls, /applications/{id}/calls) name the resource the 2019 way.
    return call.api !== 'communications'
      ? { resource: `/app/calls/${call.id}${suffix}` }
      : { resourceUrl: `/communications/calls/${call.id}${suffix}` };
  }

  notifyCall(call: SimCall, changeType: 'created' | 'updated' | 'deleted'): void {
    call.etag += 1;
    this.send(call, {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType,
      ...this.resourceUrl(call),
      '@odata.etag': `W/"${call.etag}"`,
      resourceData: callResource(call),
    });
  }

  /** A roster change: the whole roster, or only the change when the call asked for delta rosters. */
  /** @internal */
  rosterChanged(call: SimCall, changeType: 'created' | 'updated' | 'deleted', changed: SimParticipant[]): void {
    if (call.request.callOptions?.isDeltaRosterEnabled) this.notifyRoster(call, changeType, changed);
    else this.notifyRoster(call, 'updated', [...call.participants.values()]);
  }

  private notifyRoster(call: SimCall, changeType: 'created' | 'updated' | 'deleted', list: SimParticipant[]): void {
    if (call.state === 'terminated') return;
    call.rosterSequence += 1;
    const sequence = call.rosterSequence;
    this.send(call, {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType,
      ...this.resourceUrl(call, '/participants'),
      resourceData: list.map((p) => participantResource(p, sequence)),
    });
  }

  /** @internal */
  send(call: SimCall, notification: Record<string, unknown>): void {
    this.sender.send(call.id, call.faultStream, call.callbackUri, call.appId, call.tenantId, {
      '@odata.type': '#microsoft.graph.commsNotifications',
      value: [{ ...notification, callbackUri: call.callbackUri }],
    });
  }
}

/** A new participant with one audio stream. */
export function participant(id: string, identity: IdentitySet, self: boolean, inLobby: boolean): SimParticipant {
  return {
    id,
    identity,
    self,
    isMuted: false,
    isInLobby: inLobby,
    mediaStreams: [
      {
        '@odata.type': '#microsoft.graph.mediaStream',
        mediaType: 'audio',
        sourceId: String(Math.floor(Math.random() * 1000)),
        direction: 'sendReceive',
        serverMuted: false,
      },
    ],
  };
}

/** Who is already in a meeting the bot joins: its organizer, when named. */
function meetingParticipants(request: CallRequest): SimParticipant[] {
  const info = request.meetingInfo;
  const organizer = info && 'organizer' in info ? info.organizer : undefined;
  return organizer ? [participant(randomUUID(), organizer, false, false)] : [];
}

/** A participant as Graph returns it (GET) and notifies it (with the roster's sequence number). */
export function participantResource(p: SimParticipant, sequence?: number): Record<string, unknown> {
  const info: ParticipantInfo = { ...participantInfo(p.identity), '@odata.type': '#microsoft.graph.participantInfo' };
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: p.id,
    info,
    mediaStreams: p.mediaStreams,
    isMuted: p.isMuted,
    isInLobby: p.isInLobby,
    ...(sequence !== undefined ? { rosterSequenceNumber: sequence } : {}),
  };
}

/** A participantInfo the service made up, with the properties Graph documents as null present. */
function participantInfo(identity: IdentitySet | undefined): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.participantInfo',
    identity,
    countryCode: null,
    endpointType: null,
    region: null,
    languageId: null,
  };
}

/** The call as Graph returns and notifies it. */
export function callResource(call: SimCall): Record<string, unknown> {
  const { request } = call;
  return {
    '@odata.type': '#microsoft.graph.call',
    id: call.id,
    state: call.state,
    direction: call.direction ?? 'outgoing',
    callbackUri: call.callbackUri,
    callChainId: call.callChainId,
    myParticipantId: call.myParticipantId,
    tenantId: call.tenantId,
    requestedModalities: request.requestedModalities ?? ['audio'],
    mediaConfig: request.mediaConfig,
    source: request.source ?? participantInfo([...call.participants.values()].find((p) => p.self)?.identity),
    targets: request.targets ?? [],
    // The properties Graph documents in its create-call answer as null are present, as null, until they have a value.
    subject: request.subject ?? null,
    chatInfo: request.chatInfo ?? null,
    meetingInfo: request.meetingInfo ?? null,
    resultInfo: call.resultInfo ? { '@odata.type': '#microsoft.graph.resultInfo', ...call.resultInfo } : null,
    ringingTimeoutInSeconds: request.ringingTimeoutInSeconds ?? null,
    mediaState: null,
    answeredBy: null,
    toneInfo: null,
    transcription: null,
  };
}
