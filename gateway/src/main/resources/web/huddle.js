// The huddle join page. One RTCPeerConnection to the SFU: the page offers once, at join, with a send-only
// transceiver for each track it may ever send (microphone, camera, screen, screen audio); after that the SFU makes
// every offer and the page only answers (it never offers again, so offers never cross). Signalling is JSON over a
// WebSocket that reconnects and resumes the same session, so a dropped socket does not drop the media.
//
// Query parameters: token=<personal join token> (required); loopback=1 keeps ICE on 127.0.0.1 (tests); relay=1
// sends media only through the TURN server (iceTransportPolicy "relay": tests, and a check that TURN works).
// Tests read window.huddleStats (refreshed every 500 ms) and drive window.huddle.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const token = params.get('token') || '';
  const loopbackOnly = params.get('loopback') === '1';
  const relayOnly = params.get('relay') === '1';
  const callId = decodeURIComponent(location.pathname.split('/')[2] || '');
  const $ = function (id) { return document.getElementById(id); };

  const s = {
    pc: null, ws: null, sessionId: null, resumeToken: null, joinMessage: null, queue: Promise.resolve(), ended: false,
    senders: {}, local: {}, tracks: {}, roster: [], speaking: [], active: null, muted: false, camera: true,
    screen: false, pendingCandidates: [], errors: [], offersAnswered: 0, reconnects: 0, rejoins: 0
  };
  window.huddleStats = {state: 'starting'};

  function status(text) { $('status').textContent = text; }
  function send(msg) {
    if (s.ws && s.ws.readyState === WebSocket.OPEN) { s.ws.send(JSON.stringify(msg)); return true; }
    return false;
  }
  function keepCandidate(line) { return !loopbackOnly || line.indexOf(' 127.0.0.1 ') >= 0; }
  function filterSdp(sdp) {
    if (!loopbackOnly) { return sdp; }
    return sdp.split('\r\n').filter(function (l) {
      return l.indexOf('a=candidate:') !== 0 || keepCandidate(l);
    }).join('\r\n');
  }

  // STUN/TURN servers (TURN with credentials of this participant's own) from the gateway; without them the page
  // still joins wherever host candidates reach the SFU.
  async function iceServers() {
    try {
      const r = await fetch('/huddle/' + encodeURIComponent(callId) + '/ice?token=' + encodeURIComponent(token),
        {cache: 'no-store'});
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return (await r.json()).iceServers || [];
    } catch (err) {
      s.errors.push('ice servers: ' + err);
      return [];
    }
  }

  async function start() {
    const media = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
    s.local.mic = media.getAudioTracks()[0];
    s.local.camera = media.getVideoTracks()[0];
    const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceServers: await iceServers(), iceTransportPolicy: relayOnly ? 'relay' : 'all'});
    s.pc = pc;
    const kinds = {};
    function add(kind, trackOrKind, streams, encodings) {
      const init = {direction: 'sendonly', streams: streams || []};
      if (encodings) { init.sendEncodings = encodings; }
      const t = pc.addTransceiver(trackOrKind, init);
      s.senders[kind] = t.sender;
      return t;
    }
    const mic = add('mic', s.local.mic, [media]);
    const cam = add('camera', s.local.camera, [media]);
    // The screen as two simulcast layers, as rtcd sends it: l (500 kbit/s, 5 fps) and h (2.5 Mbit/s, 20 fps);
    // the SFU gives each receiver the layer its bandwidth takes.
    const scr = add('screen', 'video', [], [
      {rid: 'l', scaleResolutionDownBy: 2, maxBitrate: 500000, maxFramerate: 5},
      {rid: 'h', maxBitrate: 2500000, maxFramerate: 20}]);
    const scrAudio = add('screen-audio', 'audio');
    pc.onicecandidate = function (e) {
      if (!e.candidate || !e.candidate.candidate || !keepCandidate(e.candidate.candidate)) { return; }
      if (s.sessionId) { send({type: 'candidate', candidate: e.candidate.candidate}); }
      else { s.pendingCandidates.push(e.candidate.candidate); }
    };
    pc.ontrack = function () { render(); };
    pc.onconnectionstatechange = function () { status(pc.connectionState); };
    await pc.setLocalDescription(await pc.createOffer());
    [[mic, 'mic'], [cam, 'camera'], [scr, 'screen'], [scrAudio, 'screen-audio']].forEach(function (p) {
      kinds[p[0].mid] = p[1];
    });
    s.joinMessage = {type: 'join', sdp: pc.localDescription.sdp, tracks: kinds, mic: true, camera: true};
    connect();
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + '/huddle/' + encodeURIComponent(callId) + '/ws?token='
      + encodeURIComponent(token));
    s.ws = ws;
    ws.onopen = function () {
      send(s.sessionId ? {type: 'resume', sessionId: s.sessionId, resumeToken: s.resumeToken} : s.joinMessage);
    };
    ws.onmessage = function (e) {
      const m = JSON.parse(e.data);
      s.queue = s.queue.then(function () { return handle(m); }).catch(function (err) {
        s.errors.push(String(err));
        status('error: ' + err);
      });
    };
    ws.onclose = function (e) {
      if (s.ended || s.ws !== ws) { return; }
      if (e.code === 4401) { status('this join link is not valid'); s.ended = true; return; }
      status('reconnecting');
      s.reconnects++;
      setTimeout(connect, 1000);
    };
  }

  async function handle(m) {
    switch (m.type) {
      case 'joined':
        s.sessionId = m.sessionId;
        if (m.resumeToken) { s.resumeToken = m.resumeToken; } // only after a join; a resume keeps the one we have
        s.pendingCandidates.splice(0).forEach(function (c) { send({type: 'candidate', candidate: c}); });
        break;
      case 'answer':
        await s.pc.setRemoteDescription({type: 'answer', sdp: filterSdp(m.sdp)});
        break;
      case 'offer':
        s.tracks = m.tracks || {};
        await s.pc.setRemoteDescription({type: 'offer', sdp: filterSdp(m.sdp)});
        await s.pc.setLocalDescription(await s.pc.createAnswer());
        send({type: 'answer', sdp: s.pc.localDescription.sdp});
        s.offersAnswered++;
        render();
        break;
      case 'participants':
        s.roster = m.participants || [];
        render();
        break;
      case 'speaking':
        s.speaking = m.speaking || [];
        s.active = m.activeSpeaker;
        render();
        break;
      case 'close':
        // A transport that failed (ICE, DTLS, silence) is not the end of the call: join again, a few times.
        if (String(m.reason).indexOf('media ') === 0 && s.rejoins < 3) {
          rejoin(String(m.reason).substring(6).replace(/_/g, ' '));
        } else {
          end('the call has ended for you (' + m.reason + ')');
        }
        break;
      case 'error':
        s.errors.push(m.code + ': ' + m.message);
        // our join declared an SSRC someone who left this call had sent on: a new connection picks new ones
        if (m.code === 'ssrc_retired' && s.rejoins < 3) { rejoin('an SSRC was taken'); break; }
        if (['unknown_session', 'call_ended', 'room_full', 'server_full', 'too_many_sessions', 'draining']
          .indexOf(m.code) >= 0) {
          end(m.message);
        }
        break;
      case 'draining':
        // the server is restarting: the call goes on until endsBy, then ends like any other
        s.draining = m.endsBy;
        status(m.message);
        break;
      default:
        break;
    }
  }

  function rejoin(why) {
    s.rejoins++;
    status('reconnecting (the connection failed: ' + why + ')');
    const ws = s.ws;
    s.ws = null; // its close is ours: no resume
    if (ws) { ws.close(); }
    if (s.pc) { s.pc.close(); }
    Object.values(s.local).forEach(function (t) { if (t) { t.stop(); } });
    s.sessionId = null;
    s.senders = {};
    s.local = {};
    s.tracks = {};
    s.pendingCandidates = [];
    setTimeout(function () {
      start().catch(function (err) { s.errors.push(String(err)); end('could not join again: ' + err); });
    }, 1000);
  }

  function end(why) {
    s.ended = true;
    status(why);
    if (s.ws) { s.ws.close(); }
    if (s.pc) { s.pc.close(); }
    Object.values(s.local).forEach(function (t) { if (t) { t.stop(); } });
  }

  function nameOf(sessionId) {
    const p = s.roster.find(function (r) { return r.sessionId === sessionId; });
    return p ? p : {name: sessionId, muted: false};
  }

  function tile(id) {
    let el = document.getElementById('tile-' + id);
    if (!el) {
      el = document.createElement('div');
      el.id = 'tile-' + id;
      el.className = 'tile';
      el.innerHTML = '<video autoplay playsinline muted></video><span class="name"></span>';
      $('tiles').appendChild(el);
    }
    return el;
  }

  // One tile per remote camera and per remote screen; audio plays from hidden elements. Driven by the SFU's
  // mid → {sessionId, type} map, which comes with each offer.
  function render() {
    if (!s.pc) { return; }
    const wanted = {};
    s.pc.getTransceivers().forEach(function (t) {
      const info = t.mid !== null ? s.tracks[t.mid] : null;
      if (!info || !t.receiver || !t.receiver.track) { return; }
      const id = info.sessionId + (info.type === 'screen' || info.type === 'screen-audio' ? '-screen' : '');
      if (info.type === 'video' || info.type === 'screen') {
        wanted['tile-' + id] = true;
        const el = tile(id);
        const v = el.querySelector('video');
        if (!v.srcObject || v.srcObject.getTracks()[0] !== t.receiver.track) {
          v.srcObject = new MediaStream([t.receiver.track]);
        }
        const who = nameOf(info.sessionId);
        const label = el.querySelector('.name');
        label.textContent = (who.name || info.sessionId) + (info.type === 'screen' ? ' (screen)' : '');
        label.classList.toggle('muted', info.type === 'video' && !!who.muted);
        el.classList.toggle('speaking', s.speaking.indexOf(info.sessionId) >= 0);
        el.classList.toggle('active', s.active === info.sessionId);
      } else {
        let a = document.getElementById('audio-' + t.mid);
        if (!a) {
          a = document.createElement('audio');
          a.id = 'audio-' + t.mid;
          a.autoplay = true;
          document.body.appendChild(a);
        }
        if (!a.srcObject || a.srcObject.getTracks()[0] !== t.receiver.track) {
          a.srcObject = new MediaStream([t.receiver.track]);
        }
        wanted['audio-' + t.mid] = true;
      }
    });
    document.querySelectorAll('.tile, audio').forEach(function (el) {
      if (!wanted[el.id]) { el.remove(); }
    });
    $('speaker').textContent = s.active ? 'speaking: ' + (nameOf(s.active).name || s.active) : '';
  }

  async function setMuted(muted) {
    s.muted = muted;
    if (s.local.mic) { s.local.mic.enabled = !muted; }
    send({type: 'mute', muted: muted});
    $('mute').textContent = muted ? 'Unmute' : 'Mute';
    $('mute').setAttribute('aria-pressed', String(muted));
  }

  async function setCamera(on) {
    if (on && (!s.local.camera || s.local.camera.readyState === 'ended')) {
      const m = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}});
      s.local.camera = m.getVideoTracks()[0];
    }
    await s.senders.camera.replaceTrack(on ? s.local.camera : null);
    if (!on && s.local.camera) { s.local.camera.stop(); }
    s.camera = on;
    send({type: 'camera', on: on});
    $('camera').textContent = on ? 'Camera off' : 'Camera on';
  }

  async function setScreen(on) {
    if (on) {
      const d = await navigator.mediaDevices.getDisplayMedia({video: true, audio: true});
      s.local.screen = d.getVideoTracks()[0];
      s.local.screenAudio = d.getAudioTracks()[0] || null;
      s.local.screen.onended = function () { setScreen(false); };
      await s.senders.screen.replaceTrack(s.local.screen);
      await s.senders['screen-audio'].replaceTrack(s.local.screenAudio);
      send({type: 'screen', on: true, audio: !!s.local.screenAudio});
    } else {
      await s.senders.screen.replaceTrack(null);
      await s.senders['screen-audio'].replaceTrack(null);
      ['screen', 'screenAudio'].forEach(function (k) { if (s.local[k]) { s.local[k].stop(); s.local[k] = null; } });
      send({type: 'screen', on: false});
    }
    s.screen = on;
    $('screen').textContent = on ? 'Stop sharing' : 'Share screen';
  }

  function leave() {
    send({type: 'leave'});
    end('you left the call');
  }

  $('mute').onclick = function () { setMuted(!s.muted); };
  $('camera').onclick = function () { setCamera(!s.camera); };
  $('screen').onclick = function () { setScreen(!s.screen).catch(function (e) { s.errors.push(String(e)); }); };
  $('leave').onclick = leave;

  // For tests: inbound media per mid, labelled with whose track it is.
  async function refreshStats() {
    if (s.pc && !s.ended) {
      const out = {state: s.pc.connectionState, sessionId: s.sessionId, inbound: [], errors: s.errors.slice(),
        offersAnswered: s.offersAnswered, reconnects: s.reconnects, rejoins: s.rejoins, speaking: s.speaking, active: s.active,
        roster: s.roster.length};
      const stats = await s.pc.getStats();
      out.outbound = [];
      stats.forEach(function (r) {
        if (r.type === 'outbound-rtp' && r.rid) {
          out.outbound.push({mid: r.mid, rid: r.rid, packetsSent: r.packetsSent || 0, frameWidth: r.frameWidth || 0});
        }
        if (r.type === 'inbound-rtp' && r.mid !== undefined && s.tracks[r.mid]) {
          const info = s.tracks[r.mid];
          out.inbound.push({mid: r.mid, from: info.sessionId, type: info.type, kind: r.kind,
            packetsReceived: r.packetsReceived || 0, framesDecoded: r.framesDecoded || 0, rtxSsrc: r.rtxSsrc || 0});
        }
      });
      window.huddleStats = out;
    } else if (s.ended) {
      window.huddleStats = {state: 'ended', sessionId: s.sessionId, inbound: [], errors: s.errors.slice()};
    }
    setTimeout(refreshStats, 500);
  }

  window.huddle = {
    state: s, mute: setMuted, camera: setCamera, screen: setScreen, leave: leave,
    dropSignalling: function () { if (s.ws) { s.ws.close(); } }
  };
  refreshStats();
  start().catch(function (e) { s.errors.push(String(e)); status('error: ' + e); });
})();
