// ProChat test harness around the Calls client's RTCPeer (@mattermost/calls-common, from npm).
//
// The page hosts any number of clients, each one RTCPeer with its own microphone and screen, keyed by a name.
// Java (io.prochat.rtc.testing.calls.CallsClientPage) calls window.callsHarness.* through WebDriver; every
// function returns a JSON string or a Promise of one, so the Java side parses one format.
//
// What a client does mirrors what the Calls webapp (mattermost-plugin-calls webapp/src/client.ts) does around
// RTCPeer, so the queue `out` holds exactly what the webapp would send on its Mattermost WebSocket:
//   sdp        JSON.stringify(RTCSessionDescription) = {"type":"offer"|"answer","sdp":"..."} (the webapp zlib-compresses
//              it; the plugin inflates it before forwarding to rtcd, so it is kept plain here)
//   ice        JSON.stringify(RTCIceCandidate) = {"candidate","sdpMid","sdpMLineIndex","usernameFragment"}
//   mute, unmute, screen_off          no data
//   screen_on  {"screenStreamID": "<MediaStream.id>"}, sent before the screen track is added
// and what comes back from rtcd goes to signal(json) unchanged, as the webapp passes the plugin's calls_signal data.
import {RTCPeer} from '@mattermost/calls-common';

const clients = new Map();

function now() {
    return Date.now();
}

function client(name) {
    const c = clients.get(name);
    if (!c) {
        throw new Error('no client ' + name);
    }
    return c;
}

function errText(err) {
    if (err === undefined || err === null) {
        return null;
    }
    return err instanceof Error ? err.message : String(err);
}

function create(name, options) {
    if (clients.has(name)) {
        throw new Error('client exists: ' + name);
    }
    const opts = options || {};
    const c = {
        name,
        out: [],
        events: [],
        dcMessages: [],
        remote: [],
        audioStream: null,
        audioTrack: null,
        voiceTrackAdded: false,
        screenStream: null,
        screenTrack: null,
        peer: null,
    };
    const log = (level) => (...args) => {
        if (level === 'err' || opts.debug) {
            c.events.push({at: now(), type: 'log', level, text: args.map(String).join(' ')});
        }
    };
    const peer = new RTCPeer({
        iceServers: opts.iceServers || [],
        connTimeoutMs: opts.connTimeoutMs || undefined,
        simulcast: Boolean(opts.simulcast),
        logger: {logDebug: log('debug'), logInfo: log('info'), logWarn: log('warn'), logErr: log('err')},
    });
    c.peer = peer;
    const sdp = (desc) => c.out.push({type: 'sdp', data: JSON.stringify(desc)});
    peer.on('offer', sdp);
    peer.on('answer', sdp);
    peer.on('candidate', (cand) => c.out.push({type: 'ice', data: JSON.stringify(cand)}));
    peer.on('connect', () => c.events.push({at: now(), type: 'connect'}));
    peer.on('close', (err) => c.events.push({at: now(), type: 'close', error: errText(err)}));
    peer.on('error', (err) => c.events.push({at: now(), type: 'error', error: errText(err)}));
    peer.on('stream', (stream) => onStream(c, stream));
    // RTCPeer owns dc.onmessage (its ping/pong RTT); a listener sees the same messages without replacing it.
    peer.dc.addEventListener('message', ({data}) => {
        const text = typeof data === 'string';
        c.dcMessages.push({at: now(), text, data: text ? data : base64(data)});
    });
    peer.dc.addEventListener('open', () => c.events.push({at: now(), type: 'dc_open'}));
    peer.dc.addEventListener('close', () => c.events.push({at: now(), type: 'dc_close'}));
    clients.set(name, c);
    return JSON.stringify({name});
}

function base64(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (const b of bytes) {
        s += String.fromCharCode(b);
    }
    return btoa(s);
}

function onStream(c, stream) {
    for (const track of stream.getTracks()) {
        // The stream RTCPeer emits is a new MediaStream([track]); the sender's stream id (the msid, which rtcd
        // sets to the sender's session id) is read from the remote description's m-section of this track's mid.
        let mid = null;
        for (const t of c.peer.pc.getTransceivers()) {
            if (t.receiver && t.receiver.track === track) {
                mid = t.mid;
            }
        }
        const msid = msidOf(c.peer.pc, mid);
        c.remote.push({at: now(), trackId: track.id, kind: track.kind, mid, streamId: msid, localStreamId: stream.id});
        const el = document.createElement(track.kind === 'video' ? 'video' : 'audio');
        el.autoplay = true;
        el.muted = track.kind === 'video';
        el.srcObject = stream;
        el.dataset.client = c.name;
        document.getElementById('sinks').appendChild(el);
        el.play().catch((err) => c.events.push({at: now(), type: 'log', level: 'err', text: 'play: ' + errText(err)}));
        track.addEventListener('ended', () => c.events.push({at: now(), type: 'remote_track_ended', trackId: track.id}));
    }
    c.events.push({at: now(), type: 'stream', streamId: stream.id, tracks: stream.getTracks().map((t) => t.id)});
}

/** The stream id of a=msid in the remote description's m-section with this mid, or null. */
function msidOf(pc, mid) {
    const desc = pc.remoteDescription;
    if (!desc || mid === null) {
        return null;
    }
    for (const section of desc.sdp.split(/\r?\nm=/).slice(1)) {
        const lines = section.split(/\r?\n/);
        if (lines.includes('a=mid:' + mid)) {
            const msid = lines.find((l) => l.startsWith('a=msid:'));
            return msid ? msid.substring('a=msid:'.length).split(' ')[0] : null;
        }
    }
    return null;
}

function drain(name) {
    const c = client(name);
    const out = c.out.splice(0);
    return JSON.stringify(out);
}

async function signal(name, data) {
    const c = client(name);
    // As the webapp: parse, and pass on only offer, answer and candidate; errors are logged, not thrown.
    try {
        const msg = JSON.parse(data);
        if (msg && (msg.type === 'answer' || msg.type === 'offer' || msg.type === 'candidate')) {
            await c.peer.signal(data);
        }
        return JSON.stringify({ok: true});
    } catch (err) {
        c.events.push({at: now(), type: 'signal_error', error: errText(err)});
        return JSON.stringify({ok: false, error: errText(err)});
    }
}

async function unmute(name) {
    const c = client(name);
    if (!c.audioTrack) {
        c.audioStream = await navigator.mediaDevices.getUserMedia({
            video: false,
            audio: {autoGainControl: true, echoCancellation: true, noiseSuppression: true},
        });
        c.audioTrack = c.audioStream.getAudioTracks()[0];
    }
    if (c.voiceTrackAdded) {
        c.peer.replaceTrack(c.audioTrack.id, c.audioTrack);
    } else {
        await c.peer.addTrack(c.audioTrack, c.audioStream);
        c.voiceTrackAdded = true;
    }
    c.audioTrack.enabled = true;
    c.out.push({type: 'unmute'});
    return JSON.stringify({trackId: c.audioTrack.id, streamId: c.audioStream.id});
}

// Raw bytes on calls-dc, as newer Calls clients send rtcd's msgpack messages (Ping, Lock, Unlock, ...).
function dcSend(name, b64) {
    const c = client(name);
    if (c.peer.dc.readyState !== 'open') {
        return JSON.stringify({ok: false, error: 'data channel ' + c.peer.dc.readyState});
    }
    c.peer.dc.send(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
    return JSON.stringify({ok: true});
}

function mute(name) {
    const c = client(name);
    if (!c.audioTrack) {
        return JSON.stringify({ok: false, error: 'never unmuted'});
    }
    c.peer.replaceTrack(c.audioTrack.id, null);
    c.audioTrack.enabled = false;
    c.out.push({type: 'mute'});
    return JSON.stringify({ok: true});
}

async function startScreen(name, options) {
    const c = client(name);
    if (c.screenTrack) {
        throw new Error('already sharing');
    }
    const opts = options || {};
    // Headless getDisplayMedia needs extra flags and a picker; the fake camera is a moving test pattern, which
    // is what a screen track needs to be here: VP8 frames to forward and decode.
    const source = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {width: opts.width || 1280, height: opts.height || 720, frameRate: opts.frameRate || 15},
    });
    const track = source.getVideoTracks()[0];
    const stream = new MediaStream([track]);
    c.screenTrack = track;
    c.screenStream = stream;
    c.out.push({type: 'screen_on', data: JSON.stringify({screenStreamID: stream.id})});
    await c.peer.addStream(stream);
    return JSON.stringify({screenStreamID: stream.id, trackId: track.id});
}

async function stopScreen(name) {
    const c = client(name);
    if (!c.screenTrack) {
        return JSON.stringify({ok: false, error: 'not sharing'});
    }
    const track = c.screenTrack;
    c.screenTrack = null;
    c.screenStream = null;
    track.stop();
    await c.peer.removeTrack(track.id);
    c.out.push({type: 'screen_off'});
    return JSON.stringify({ok: true});
}

function num(v) {
    return typeof v === 'number' ? v : null;
}

async function stats(name) {
    const c = client(name);
    const report = await c.peer.getStats();
    const inbound = [];
    const outbound = [];
    const byTrack = new Map(c.remote.map((r) => [r.trackId, r]));
    const byMid = new Map(c.remote.filter((r) => r.mid !== null).map((r) => [r.mid, r]));
    report.forEach((s) => {
        if (s.type === 'inbound-rtp') {
            const r = byTrack.get(s.trackIdentifier) || byMid.get(s.mid) || {};
            inbound.push({
                kind: s.kind,
                mid: s.mid === undefined ? null : s.mid,
                ssrc: s.ssrc,
                trackId: s.trackIdentifier || r.trackId || null,
                streamId: r.streamId || msidOf(c.peer.pc, s.mid === undefined ? null : s.mid),
                packetsReceived: num(s.packetsReceived),
                packetsLost: num(s.packetsLost),
                bytesReceived: num(s.bytesReceived),
                framesDecoded: num(s.framesDecoded),
                frameWidth: num(s.frameWidth),
                frameHeight: num(s.frameHeight),
                audioLevel: num(s.audioLevel),
                totalAudioEnergy: num(s.totalAudioEnergy),
                totalSamplesReceived: num(s.totalSamplesReceived),
                concealedSamples: num(s.concealedSamples),
                silentConcealedSamples: num(s.silentConcealedSamples),
                codec: s.codecId ? (report.get(s.codecId) || {}).mimeType || null : null,
            });
        } else if (s.type === 'outbound-rtp') {
            outbound.push({
                kind: s.kind,
                mid: s.mid === undefined ? null : s.mid,
                ssrc: s.ssrc,
                rid: s.rid || null,
                packetsSent: num(s.packetsSent),
                bytesSent: num(s.bytesSent),
                framesEncoded: num(s.framesEncoded),
            });
        }
    });
    const pc = c.peer.pc;
    return JSON.stringify({
        connectionState: pc.connectionState,
        iceConnectionState: pc.iceConnectionState,
        signalingState: pc.signalingState,
        dataChannelState: c.peer.dc.readyState,
        rttSeconds: c.peer.rtt,
        inbound,
        outbound,
    });
}

function state(name) {
    const c = client(name);
    const pc = c.peer.pc;
    return JSON.stringify({
        connectionState: pc ? pc.connectionState : 'destroyed',
        iceConnectionState: pc ? pc.iceConnectionState : 'destroyed',
        signalingState: pc ? pc.signalingState : 'destroyed',
        dataChannelState: c.peer.dc.readyState,
        localDescription: pc && pc.localDescription ? pc.localDescription.sdp : null,
        remoteDescription: pc && pc.remoteDescription ? pc.remoteDescription.sdp : null,
        events: c.events,
        dcMessages: c.dcMessages,
        remoteTracks: c.remote,
    });
}

function destroy(name) {
    const c = clients.get(name);
    if (!c) {
        return JSON.stringify({ok: false});
    }
    clients.delete(name);
    if (c.peer.pc) {
        c.peer.destroy();
    }
    for (const s of [c.audioStream, c.screenStream]) {
        if (s) {
            s.getTracks().forEach((t) => t.stop());
        }
    }
    document.querySelectorAll('[data-client="' + CSS.escape(name) + '"]').forEach((el) => el.remove());
    return JSON.stringify({ok: true});
}

window.callsHarness = {create, drain, signal, unmute, mute, dcSend, startScreen, stopScreen, stats, state, destroy};
document.addEventListener('DOMContentLoaded', () => {
    document.title = 'calls-client harness: ready';
});
