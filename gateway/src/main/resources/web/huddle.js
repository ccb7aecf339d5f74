// The huddle join page. Three views: the pre-join screen (the call's title and channel from /huddle/{id}/info, a
// camera preview, device pickers, join muted or with the camera off), the call, and a notice for every way a call
// cannot go on (ended, link expired or not valid, full, left).
//
// Media: one RTCPeerConnection to the SFU. The page offers once, at join, with a send-only transceiver for each
// track it may ever send (microphone, camera, screen, screen audio); after that the SFU makes every offer and the
// page only answers (it never offers again, so offers never cross). Signalling is JSON over a WebSocket that
// reconnects and resumes the same session, so a dropped socket does not drop the media; a failed transport (or a
// session the server no longer knows) joins again by itself, a few times.
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
  const VIDEO = {width: {ideal: 640}, height: {ideal: 360}, frameRate: {ideal: 24}};

  const s = {
    view: 'loading', info: null, pc: null, ws: null, sessionId: null, resumeToken: null, joinMessage: null,
    queue: Promise.resolve(), ended: false, senders: {}, local: {}, tracks: {}, roster: [], speaking: [], active: null,
    muted: false, camera: true, screen: false, pendingCandidates: [], errors: [], offersAnswered: 0, reconnects: 0,
    rejoins: 0, joinedAt: 0, devices: {mic: '', camera: '', speaker: ''}, quality: {}, poor: {}, selfPoor: false,
    wsBackoff: 1000, connection: 'connecting', notice: null, moves: 0
  };
  window.huddleStats = {state: 'starting'};

  // ---- small helpers ----------------------------------------------------------------------------------------------

  // Icons drawn for this page (24 × 24, stroked).
  const ICONS = {
    mic: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>',
    micOff: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3M4 4l16 16"/>',
    camera: '<rect x="3" y="6" width="13" height="12" rx="2"/><path d="M16 10l5-3v10l-5-3z"/>',
    cameraOff: '<rect x="3" y="6" width="13" height="12" rx="2"/><path d="M16 10l5-3v10l-5-3zM3 3l18 18"/>',
    screen: '<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4M12 13V7M9 10l3-3 3 3"/>',
    gear: '<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1'
      + 'M4.9 19.1L7 17M17 7l2.1-2.1"/>',
    leave: '<path d="M3 14c5-5 13-5 18 0l-2.5 2.5-3.5-2v-2.5a9 9 0 0 0-6 0v2.5l-3.5 2z"/>',
    people: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.5 3.3-5.5 6.5-5.5s5.7 2 6.5 5.5"/>'
      + '<circle cx="17" cy="9" r="2.5"/><path d="M17 14.5c2.3 0 4 1.5 4.5 4"/>',
    info: '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
    clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/>',
    link: '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>',
    full: '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.5 3.3-5.5 6.5-5.5s5.7 2 6.5 5.5M16 9l5 5M21 9l-5 5"/>'
  };
  function icon(el, name) {
    el.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">' + (ICONS[name] || '') + '</svg>';
    el.setAttribute('data-icon', name);
  }
  function initials(name) {
    const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
    return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }
  function show(view) {
    s.view = view;
    document.body.setAttribute('data-view', view);
  }
  function status(state, text) {
    s.connection = state;
    const el = $('status');
    el.textContent = text || state;
    el.setAttribute('data-state', state);
  }
  function banner(text, kind) {
    const b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
    b.setAttribute('data-kind', kind || 'warn');
  }
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
  function error(err) {
    s.errors.push(String(err));
  }

  // ---- notices: every way the call cannot go on, in words ---------------------------------------------------------

  const NOTICES = {
    link_expired: ['clock', 'This link has expired',
      'Join links are personal and last 12 hours. Ask for a new one in the channel (the Join button on the call card '
      + 'gives you a fresh link).', false],
    link_invalid: ['link', 'This link is not valid',
      'It may have been cut short when it was copied, or it belongs to another call. Ask for a new one in the channel.',
      false],
    call_ended: ['info', 'This call has ended', 'Everyone has left, or the call was ended. Start a new one in the channel.',
      false],
    // ended by the server with its reason (e.g. its media server was lost and no other could take the call)
    call_lost: ['info', 'This call has ended', null, false],
    room_full: ['full', 'The call is full',
      'It already has as many people as it can take. Try again when someone leaves.', true],
    server_full: ['full', 'The server is busy',
      'It carries as many people as it can right now. Try again in a few minutes.', true],
    too_many_sessions: ['people', 'You are already in this call', null, true],
    not_a_huddle: ['info', 'This call does not run here',
      'It is a meeting, not a huddle: join it with the link on the call card in the channel.', false],
    draining: ['info', 'The server is restarting', null, true],
    left: ['leave', 'You left the call', null, true],
    media_failed: ['info', 'Your media connection failed',
      'Your browser could not keep a connection to the call\'s media server (a firewall or network may block it). '
      + 'The call goes on for the others: try again, or ask your admin about TURN.', true],
    failed: ['info', 'Could not join the call', null, true]
  };

  function notice(code, detail) {
    const n = NOTICES[code] || NOTICES.failed;
    s.notice = code;
    icon($('notice-icon'), n[0]);
    $('notice-title').textContent = n[1];
    $('notice-text').textContent = n[2] || detail || '';
    $('notice-call').textContent = s.info ? s.info.title : '';
    $('rejoin').hidden = !n[3];
    document.title = n[1] + (s.info ? ' · ' + s.info.title : '');
    show('notice');
  }

  // ---- pre-join ---------------------------------------------------------------------------------------------------

  function fetchInfo() {
    return fetch('/huddle/' + encodeURIComponent(callId) + '/info',
      {headers: {Authorization: 'Bearer ' + token}, cache: 'no-store'});
  }

  async function loadInfo() {
    let answer;
    try {
      answer = await fetchInfo();
    } catch (e) {
      error(e);
      notice('failed', 'The server could not be reached. Check your connection and reload the page.');
      return false;
    }
    const body = await answer.json().catch(function () { return {}; });
    if (!answer.ok) {
      notice(body.error || 'failed', body.message || ('the server answered ' + answer.status));
      return false;
    }
    s.info = body;
    document.title = body.title + ' · Huddle';
    $('pj-title').textContent = body.title;
    $('title').textContent = body.title;
    $('pj-name').textContent = body.you.name;
    $('pj-avatar').textContent = initials(body.you.name);
    if (body.channelName) {
      $('pj-channel').textContent = body.channelName;
      $('pj-channel').hidden = false;
      $('channel').textContent = body.channelName;
      $('channel').hidden = false;
    }
    const n = body.participants;
    $('pj-count').textContent = n === 0 ? 'Nobody is in the call yet. You will be the first.'
      : (n === 1 ? '1 person is in the call.' : n + ' people are in the call.');
    if (n >= body.maxParticipants) {
      $('pj-count').textContent = 'The call is full (' + n + ' of ' + body.maxParticipants + '). You can try when someone leaves.';
    }
    return true;
  }

  function mediaError(err, what) {
    const name = err && err.name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      return 'The browser blocked the ' + what + '. Allow it (the icon in the address bar), or join without it.';
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') { return 'No ' + what + ' was found.'; }
    if (name === 'NotReadableError') { return 'The ' + what + ' is in use by another program.'; }
    return 'The ' + what + ' could not be opened (' + (err && err.message ? err.message : err) + ').';
  }

  async function openMic(deviceId) {
    const m = await navigator.mediaDevices.getUserMedia({audio: deviceId ? {deviceId: {exact: deviceId}} : true});
    return m.getAudioTracks()[0];
  }
  async function openCamera(deviceId) {
    const v = Object.assign({}, VIDEO);
    if (deviceId) { v.deviceId = {exact: deviceId}; }
    const m = await navigator.mediaDevices.getUserMedia({video: v});
    return m.getVideoTracks()[0];
  }

  function previewStream() {
    const video = $('preview');
    const on = s.camera && s.local.camera && s.local.camera.readyState === 'live';
    video.srcObject = on ? new MediaStream([s.local.camera]) : null;
    video.hidden = !on;
    $('preview-off').hidden = on;
  }

  async function prejoin() {
    show('prejoin');
    const problems = [];
    try {
      const m = await navigator.mediaDevices.getUserMedia({audio: true, video: VIDEO});
      s.local.mic = m.getAudioTracks()[0];
      s.local.camera = m.getVideoTracks()[0];
    } catch (e) {
      // one of the two may still work on its own
      try { s.local.mic = await openMic(); } catch (e2) { problems.push(mediaError(e2, 'microphone')); }
      try { s.local.camera = await openCamera(); } catch (e3) { problems.push(mediaError(e3, 'camera')); }
    }
    if (!s.local.mic) { s.muted = true; $('join-muted').checked = true; $('join-muted').disabled = true; }
    if (!s.local.camera) { s.camera = false; $('join-camera-off').checked = true; $('join-camera-off').disabled = true; }
    $('pj-error').textContent = problems.join(' ');
    previewStream();
    syncToggles();
    await fillDevices();
    $('join').disabled = false;
    $('join').focus();
  }

  async function fillDevices() {
    if (!navigator.mediaDevices.enumerateDevices) { return; }
    const all = await navigator.mediaDevices.enumerateDevices();
    const current = {
      audioinput: s.local.mic ? s.local.mic.getSettings().deviceId : '',
      videoinput: s.local.camera ? s.local.camera.getSettings().deviceId : '',
      audiooutput: s.devices.speaker
    };
    [['audioinput', 'mic-select', 'Microphone'], ['videoinput', 'cam-select', 'Camera'],
      ['audiooutput', 'speaker-select', 'Speaker']].forEach(function (k) {
      const sel = $(k[1]);
      sel.textContent = '';
      let n = 0;
      all.filter(function (d) { return d.kind === k[0]; }).forEach(function (d) {
        const o = document.createElement('option');
        o.value = d.deviceId;
        o.textContent = d.label || (k[2] + ' ' + (++n));
        o.selected = d.deviceId === current[k[0]];
        sel.appendChild(o);
      });
      if (!sel.options.length) {
        const o = document.createElement('option');
        o.textContent = k[0] === 'audiooutput' ? 'System default' : 'None found';
        o.value = '';
        sel.appendChild(o);
      }
    });
    // choosing the speaker needs HTMLMediaElement.setSinkId
    const sinks = typeof HTMLMediaElement.prototype.setSinkId === 'function';
    $('speaker-select').disabled = !sinks;
  }

  function syncToggles() {
    const micOn = !s.muted;
    const camOn = s.camera;
    [['pj-mic', micOn, 'mic', 'micOff', 'Microphone on (M)', 'Microphone off (M)'],
      ['pj-cam', camOn, 'camera', 'cameraOff', 'Camera on (V)', 'Camera off (V)']].forEach(function (t) {
      const b = $(t[0]);
      b.setAttribute('aria-pressed', String(!t[1]));
      b.title = t[1] ? t[4] : t[5];
      b.querySelector('.sr').textContent = t[1] ? t[4] : t[5];
      icon(b.querySelector('.icon'), t[1] ? t[2] : t[3]);
    });
    $('join-muted').checked = s.muted;
    $('join-camera-off').checked = !s.camera;
    const mute = $('mute');
    mute.setAttribute('aria-pressed', String(s.muted));
    mute.querySelector('.label').textContent = s.muted ? 'Unmute' : 'Mute';
    mute.title = s.muted ? 'Unmute (M)' : 'Mute (M)';
    icon(mute.querySelector('.icon'), s.muted ? 'micOff' : 'mic');
    const cam = $('camera');
    cam.setAttribute('aria-pressed', String(!s.camera));
    cam.querySelector('.label').textContent = s.camera ? 'Camera off' : 'Camera on';
    cam.title = s.camera ? 'Turn camera off (V)' : 'Turn camera on (V)';
    icon(cam.querySelector('.icon'), s.camera ? 'camera' : 'cameraOff');
    const scr = $('screen');
    scr.setAttribute('aria-pressed', String(s.screen));
    scr.querySelector('.label').textContent = s.screen ? 'Stop sharing' : 'Share screen';
  }

  // ---- joining ----------------------------------------------------------------------------------------------------

  async function join() {
    $('join').disabled = true;
    show('call');
    status('connecting', 'connecting');
    $('mute').focus();
    s.joinedAt = Date.now();
    tick();
    if (s.local.mic) { s.local.mic.enabled = !s.muted; }
    if (!s.camera && s.local.camera) { s.local.camera.stop(); s.local.camera = null; }
    render();
    await start();
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
    if (s.camera && (!s.local.camera || s.local.camera.readyState === 'ended')) {
      try { s.local.camera = await openCamera(s.devices.camera); } catch (e) { error(e); s.camera = false; }
    }
    const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceServers: await iceServers(), iceTransportPolicy: relayOnly ? 'relay' : 'all'});
    s.pc = pc;
    const kinds = {};
    const stream = new MediaStream([s.local.mic, s.camera ? s.local.camera : null].filter(Boolean));
    function add(kind, trackOrKind, streams, encodings) {
      const init = {direction: 'sendonly', streams: streams || []};
      if (encodings) { init.sendEncodings = encodings; }
      const t = pc.addTransceiver(trackOrKind, init);
      s.senders[kind] = t.sender;
      return t;
    }
    const mic = add('mic', s.local.mic || 'audio', [stream]);
    const cam = add('camera', (s.camera && s.local.camera) || 'video', [stream]);
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
    pc.onconnectionstatechange = function () {
      if (s.pc !== pc || s.ended) { return; }
      const st = pc.connectionState;
      if (st === 'connected') { status('connected', 'connected'); banner(''); }
      else if (st === 'disconnected') { status('reconnecting', 'connection unstable'); banner('Your connection is unstable; trying to keep the call going…'); }
      else if (st === 'failed') { status('reconnecting', 'reconnecting'); }
      else if (st === 'connecting' || st === 'new') { status('connecting', 'connecting'); }
    };
    await pc.setLocalDescription(await pc.createOffer());
    [[mic, 'mic'], [cam, 'camera'], [scr, 'screen'], [scrAudio, 'screen-audio']].forEach(function (p) {
      kinds[p[0].mid] = p[1];
    });
    s.joinMessage = {type: 'join', sdp: pc.localDescription.sdp, tracks: kinds, mic: !s.muted && !!s.local.mic,
      camera: s.camera};
    connect();
  }

  // With SFU nodes the gateway serves this page and names the node whose WebSocket the call signals on (socketUrl).
  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const base = s.info && s.info.socketUrl ? s.info.socketUrl
      : scheme + location.host + '/huddle/' + encodeURIComponent(callId) + '/ws';
    const ws = new WebSocket(base + '?token=' + encodeURIComponent(token));
    s.ws = ws;
    ws.onopen = function () {
      s.wsBackoff = 1000;
      s.resuming = !!s.sessionId;
      send(s.sessionId ? {type: 'resume', sessionId: s.sessionId, resumeToken: s.resumeToken} : s.joinMessage);
    };
    ws.onmessage = function (e) {
      const m = JSON.parse(e.data);
      s.queue = s.queue.then(function () { return handle(m); }).catch(function (err) {
        error(err);
        banner('Something went wrong: ' + err, 'bad');
      });
    };
    ws.onclose = function (e) {
      if (s.ended || s.ws !== ws) { return; }
      if (e.code === 4401) { end('link_invalid'); return; }
      if (e.code === 4410) { end('link_expired'); return; }
      status('reconnecting', 'reconnecting');
      banner('Lost the connection to the server; reconnecting…');
      s.reconnects++;
      setTimeout(function () { if (!s.ended && s.ws === ws) { reconnect(ws); } }, s.wsBackoff);
      s.wsBackoff = Math.min(s.wsBackoff * 2, 8000);
    };
  }

  // After a lost connection to an SFU node: ask the gateway where the call runs now. Another node means this one
  // was lost and the call moved; a session does not move between nodes, so join there afresh.
  async function reconnect(ws) {
    if (!(s.info && s.info.socketUrl)) { connect(); return; }
    const before = s.info.socketUrl;
    const place = await whereNow();
    if (s.ended || s.ws !== ws || place === 'ended') { return; }
    if (place && place !== before) { moved(); return; }
    connect();
  }

  // The call's WebSocket URL now, 'ended' (and the page says so, with the server's reason), or null when unknown.
  async function whereNow() {
    try {
      const r = await fetchInfo();
      const body = await r.json().catch(function () { return {}; });
      if (r.status === 410) { end('call_lost', body.message); return 'ended'; }
      if (!r.ok || !body.socketUrl) { return null; }
      s.info.socketUrl = body.socketUrl;
      return body.socketUrl;
    } catch (e) {
      error(e);
      return null;
    }
  }

  function moved() {
    s.moves++;
    rejoin('the call moved to another server');
  }

  async function handle(m) {
    if (s.ended) { return; } // after leaving (or a refusal) nothing may bring this page back into the call
    switch (m.type) {
      case 'joined':
        s.resuming = false;
        s.sessionId = m.sessionId;
        if (m.resumeToken) { s.resumeToken = m.resumeToken; } // only after a join; a resume keeps the one we have
        s.pendingCandidates.splice(0).forEach(function (c) { send({type: 'candidate', candidate: c}); });
        if (s.pc && s.pc.connectionState === 'connected') { status('connected', 'connected'); banner(''); }
        render();
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
          rejoin('the media connection failed (' + String(m.reason).substring(6).replace(/_/g, ' ') + ')');
        } else if (m.reason === 'left') {
          end('left');
        } else if (String(m.reason).indexOf('media ') === 0) {
          end('media_failed'); // the call goes on for the others: say what failed, not that it ended
        } else {
          end('call_ended');
        }
        break;
      case 'error':
        s.errors.push(m.code + ': ' + m.message);
        // our join declared an SSRC someone who left this call had sent on: a new connection picks new ones
        if (m.code === 'ssrc_retired' && s.rejoins < 3) {
          rejoin('an SSRC was taken');
          break;
        }
        // a resume too late (the server let the session go): join afresh, as a new session
        if (m.code === 'unknown_session' && s.resuming && s.rejoins < 3) {
          s.resuming = false;
          rejoin('the server no longer knew this session');
        } else if (m.code === 'moved') {
          // this node no longer has the call: ask where it went
          whereNow().then(function (place) { if (place !== 'ended' && !s.ended) { moved(); } });
        } else if (m.code === 'room_closed' || m.code === 'call_ended') {
          end('call_ended');
        } else if (['room_full', 'server_full', 'too_many_sessions', 'not_a_huddle', 'unknown_session', 'draining']
          .indexOf(m.code) >= 0) {
          end(m.code, m.message);
        } else if (m.code === 'screen_taken') {
          banner(m.message);
          setTimeout(function () { banner(''); }, 5000);
        }
        break;
      case 'draining':
        // the server is restarting: the call goes on until endsBy, then ends like any other
        s.draining = m.endsBy;
        banner(m.message);
        break;
      default:
        break;
    }
  }

  function rejoin(why) {
    s.rejoins++;
    status('reconnecting', 'rejoining');
    banner('Rejoining the call: ' + why + '…');
    const ws = s.ws;
    s.ws = null; // its close is ours: no resume
    if (ws) { ws.close(); }
    if (s.pc) { s.pc.close(); }
    if (s.local.screen) { s.local.screen.stop(); s.local.screen = null; s.screen = false; }
    s.sessionId = null;
    s.senders = {};
    s.tracks = {};
    s.pendingCandidates = [];
    render();
    setTimeout(function () {
      if (s.ended) { return; }
      start().catch(function (err) { error(err); end('failed', 'Could not join again: ' + err); });
    }, 1000);
  }

  function end(code, detail) {
    s.ended = true;
    if (s.ws) { s.ws.close(); }
    if (s.pc) { s.pc.close(); }
    Object.keys(s.local).forEach(function (k) { if (s.local[k]) { s.local[k].stop(); } });
    document.querySelectorAll('video, audio').forEach(function (v) { v.srcObject = null; });
    notice(code, detail);
  }

  // ---- the call view ----------------------------------------------------------------------------------------------

  function member(sessionId) {
    return s.roster.find(function (r) { return r.sessionId === sessionId; }) || null;
  }
  function nameOf(sessionId) {
    if (sessionId === s.sessionId && s.info) { return s.info.you.name; }
    const p = member(sessionId);
    return p && p.name ? p.name : 'Guest';
  }

  function tile(id, where) {
    let el = document.getElementById('tile-' + id);
    if (!el) {
      el = document.createElement('div');
      el.id = 'tile-' + id;
      el.className = 'tile';
      // no picture-in-picture toggle over your own camera
      el.innerHTML = '<video autoplay playsinline muted' + (id === 'self' ? ' disablepictureinpicture' : '') + '></video>'
        + '<div class="avatar-box"><span class="avatar"></span></div>'
        + '<span class="poor">poor connection</span>'
        + '<span class="name"><span class="mic-off icon" aria-label="muted" role="img"></span><span class="who"></span></span>';
      icon(el.querySelector('.mic-off'), 'micOff');
      el.querySelector('.mic-off').setAttribute('aria-label', 'muted');
    }
    if (el.parentNode !== where) { where.appendChild(el); }
    return el;
  }

  function attach(el, track) {
    const v = el.querySelector('video');
    if (!track) {
      if (v.srcObject) { v.srcObject = null; }
      return;
    }
    if (!v.srcObject || v.srcObject.getVideoTracks()[0] !== track) {
      v.srcObject = new MediaStream([track]);
    }
  }

  function dress(el, sessionId, who, opts) {
    el.querySelector('.who').textContent = opts.label;
    el.querySelector('.avatar').textContent = initials(who);
    el.classList.toggle('self', !!opts.self);
    el.classList.toggle('screen', !!opts.screen);
    el.classList.toggle('off', !opts.video);
    el.classList.toggle('muted', !!opts.muted);
    el.classList.toggle('speaking', !opts.screen && s.speaking.indexOf(sessionId) >= 0);
    el.classList.toggle('active', !opts.screen && s.active === sessionId && s.roster.length > 1);
    el.classList.toggle('poor-connection', !opts.screen && !!opts.poor);
    el.setAttribute('role', 'group');
    el.setAttribute('aria-label', opts.label + (opts.muted ? ', muted' : '') + (opts.video ? '' : ', camera off')
      + (opts.poor ? ', poor connection' : ''));
    el.dataset.session = sessionId || '';
  }

  // Tiles: yourself, then one per other participant (their camera, or their initials while it is off), and a large
  // one per screen share. Driven by the roster and by the SFU's mid → {sessionId, type} map, which comes with each
  // offer; audio plays from hidden elements.
  function render() {
    if (s.view !== 'call') { return; }
    const grid = $('tiles');
    const spot = $('spotlight');
    const wanted = {};
    const me = tile('self', grid);
    wanted[me.id] = true;
    const selfVideo = s.camera && s.local.camera && s.local.camera.readyState === 'live';
    attach(me, selfVideo ? s.local.camera : null);
    dress(me, s.sessionId, nameOf(s.sessionId), {self: true, label: nameOf(s.sessionId) + ' (you)', video: selfVideo,
      muted: s.muted, poor: s.selfPoor});

    const cams = {};
    const screens = {};
    const audio = [];
    if (s.pc) {
      s.pc.getTransceivers().forEach(function (t) {
        const info = t.mid !== null ? s.tracks[t.mid] : null;
        if (!info || !t.receiver || !t.receiver.track || t.currentDirection === 'inactive') { return; }
        if (info.type === 'video') { cams[info.sessionId] = {track: t.receiver.track, mid: t.mid}; }
        else if (info.type === 'screen') { screens[info.sessionId] = {track: t.receiver.track, mid: t.mid}; }
        else { audio.push(t); }
      });
    }
    const others = s.roster.filter(function (r) { return r.sessionId !== s.sessionId; }).map(function (r) { return r.sessionId; });
    Object.keys(cams).forEach(function (id) { if (id !== s.sessionId && others.indexOf(id) < 0) { others.push(id); } });
    others.forEach(function (id) {
      const el = tile(id, grid);
      wanted[el.id] = true;
      const m = member(id);
      const cam = cams[id];
      const on = !!cam && (!m || m.camera !== false);
      attach(el, on ? cam.track : null);
      dress(el, id, nameOf(id), {label: nameOf(id), video: on, muted: !!(m && m.muted),
        poor: cam && s.poor[cam.mid]});
    });
    const sharing = Object.keys(screens);
    sharing.forEach(function (id) {
      const el = tile(id + '-screen', spot);
      wanted[el.id] = true;
      attach(el, screens[id].track);
      dress(el, id, nameOf(id), {screen: true, video: true, label: nameOf(id) + ' is presenting'});
    });
    if (s.screen && s.local.screen) {
      // your own share is not sent back to you: say so in the strip instead of showing a mirror of the screen
      me.querySelector('.who').textContent = nameOf(s.sessionId) + ' (you, presenting)';
    }
    $('stage').classList.toggle('sharing', sharing.length > 0);
    spot.hidden = sharing.length === 0;
    audio.forEach(function (t) {
      let a = document.getElementById('audio-' + t.mid);
      if (!a) {
        a = document.createElement('audio');
        a.id = 'audio-' + t.mid;
        a.autoplay = true;
        document.body.appendChild(a);
        if (s.devices.speaker && a.setSinkId) { a.setSinkId(s.devices.speaker).catch(error); }
      }
      if (!a.srcObject || a.srcObject.getTracks()[0] !== t.receiver.track) {
        a.srcObject = new MediaStream([t.receiver.track]);
      }
      wanted[a.id] = true;
    });
    document.querySelectorAll('.tile, audio').forEach(function (el) {
      if (!wanted[el.id]) { el.remove(); }
    });
    people();
    layout();
    $('speaker').textContent = s.active && s.active !== s.sessionId ? nameOf(s.active) + ' is speaking' : '';
  }

  function people() {
    const list = $('people-list');
    const everyone = s.roster.length ? s.roster.slice() : [{sessionId: s.sessionId, muted: s.muted, camera: s.camera}];
    if (s.sessionId && !everyone.some(function (r) { return r.sessionId === s.sessionId; })) {
      everyone.unshift({sessionId: s.sessionId, muted: s.muted, camera: s.camera});
    }
    everyone.sort(function (a, b) {
      return (b.sessionId === s.sessionId) - (a.sessionId === s.sessionId) || nameOf(a.sessionId).localeCompare(nameOf(b.sessionId));
    });
    $('count').textContent = String(everyone.length);
    $('people-title').textContent = 'In the call (' + everyone.length + ')';
    $('people-toggle').querySelector('.sr').textContent = everyone.length === 1 ? 'person in the call' : 'people in the call';
    list.textContent = '';
    everyone.forEach(function (r) {
      const li = document.createElement('li');
      const av = document.createElement('span');
      av.className = 'avatar';
      av.textContent = initials(nameOf(r.sessionId));
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = nameOf(r.sessionId) + (r.sessionId === s.sessionId ? ' (you)' : '');
      const st = document.createElement('span');
      st.className = 'state';
      const muted = r.sessionId === s.sessionId ? s.muted : r.muted;
      const cam = r.sessionId === s.sessionId ? s.camera : r.camera;
      [[muted, 'micOff', 'muted'], [!cam, 'cameraOff', 'camera off'], [r.screen, 'screen', 'presenting']].forEach(function (f) {
        if (!f[0]) { return; }
        const i = document.createElement('span');
        i.className = 'icon';
        i.setAttribute('role', 'img');
        icon(i, f[1]);
        i.setAttribute('aria-label', f[2]);
        st.appendChild(i);
      });
      li.append(av, who, st);
      list.appendChild(li);
    });
  }

  // The largest tiles that fit n of them into the stage: every column count, at 16:9 and 4:3 (and 3:4 on a portrait
  // screen, where two columns of tall tiles can beat one column of wide ones).
  function layout() {
    const grid = $('tiles');
    if ($('stage').classList.contains('sharing')) { return; }
    const n = grid.children.length || 1;
    const gap = parseFloat(getComputedStyle(grid).columnGap) || 10;
    const W = grid.clientWidth;
    const H = grid.clientHeight;
    if (!W || !H) { return; }
    const aspects = W < H ? [16 / 9, 4 / 3, 3 / 4] : [16 / 9, 4 / 3];
    let best = {w: 0, h: 0};
    aspects.forEach(function (aspect) {
      for (let cols = 1; cols <= n; cols++) {
        const rows = Math.ceil(n / cols);
        let w = (W - (cols - 1) * gap) / cols;
        let h = w / aspect;
        if (rows * h + (rows - 1) * gap > H) {
          h = (H - (rows - 1) * gap) / rows;
          w = h * aspect;
        }
        if (w * h > best.w * best.h * 1.02) { best = {w: w, h: h}; } // a near tie keeps the wider tile
      }
    });
    grid.style.setProperty('--tile-w', Math.floor(best.w) + 'px');
    grid.style.setProperty('--tile-h', Math.floor(best.h) + 'px');
  }
  window.addEventListener('resize', layout);

  function tick() {
    if (s.ended || !s.joinedAt) { return; }
    const t = Math.floor((Date.now() - s.joinedAt) / 1000);
    const h = Math.floor(t / 3600);
    const mm = String(Math.floor(t / 60) % 60).padStart(2, '0');
    const ss = String(t % 60).padStart(2, '0');
    $('elapsed').textContent = (h ? h + ':' : '') + mm + ':' + ss;
    setTimeout(tick, 1000 - (Date.now() - s.joinedAt) % 1000);
  }

  // ---- controls ---------------------------------------------------------------------------------------------------

  async function setMuted(muted) {
    if (!muted && !s.local.mic) {
      try { s.local.mic = await openMic(s.devices.mic); } catch (e) { banner(mediaError(e, 'microphone'), 'bad'); return; }
      if (s.senders.mic) { await s.senders.mic.replaceTrack(s.local.mic); }
    }
    s.muted = muted;
    if (s.local.mic) { s.local.mic.enabled = !muted; }
    send({type: 'mute', muted: muted});
    syncToggles();
    render();
  }

  async function setCamera(on) {
    if (on && (!s.local.camera || s.local.camera.readyState === 'ended')) {
      try { s.local.camera = await openCamera(s.devices.camera); } catch (e) {
        (s.view === 'call' ? banner : function (t) { $('pj-error').textContent = t; })(mediaError(e, 'camera'), 'bad');
        return;
      }
    }
    if (s.senders.camera) { await s.senders.camera.replaceTrack(on ? s.local.camera : null); }
    if (!on && s.local.camera) { s.local.camera.stop(); s.local.camera = null; }
    s.camera = on;
    send({type: 'camera', on: on});
    syncToggles();
    if (s.view === 'prejoin') { previewStream(); }
    render();
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
    syncToggles();
    render();
  }

  async function chooseMic(deviceId) {
    s.devices.mic = deviceId;
    const old = s.local.mic;
    try { s.local.mic = await openMic(deviceId); } catch (e) { banner(mediaError(e, 'microphone'), 'bad'); return; }
    s.local.mic.enabled = !s.muted;
    if (s.senders.mic) { await s.senders.mic.replaceTrack(s.local.mic); }
    if (old) { old.stop(); }
  }

  async function chooseCamera(deviceId) {
    s.devices.camera = deviceId;
    if (!s.camera) { return; } // used when the camera goes on
    const old = s.local.camera;
    if (old) { old.stop(); } // some cameras open only once
    try { s.local.camera = await openCamera(deviceId); } catch (e) { banner(mediaError(e, 'camera'), 'bad'); return; }
    if (s.senders.camera) { await s.senders.camera.replaceTrack(s.local.camera); }
    previewStream();
    render();
  }

  function chooseSpeaker(deviceId) {
    s.devices.speaker = deviceId;
    document.querySelectorAll('audio').forEach(function (a) { if (a.setSinkId) { a.setSinkId(deviceId).catch(error); } });
  }

  function leave() {
    send({type: 'leave'});
    end('left');
  }

  function togglePeople() {
    const open = $('people').hidden;
    $('people').hidden = !open;
    $('people-toggle').setAttribute('aria-expanded', String(open));
    layout();
  }

  function openSettings() {
    $('settings-slot').appendChild($('devices'));
    fillDevices().catch(error);
    $('settings-dialog').showModal();
  }

  $('pj-mic').onclick = function () { s.muted = !s.muted; if (s.local.mic) { s.local.mic.enabled = !s.muted; } syncToggles(); };
  $('pj-cam').onclick = function () { setCamera(!s.camera).catch(error); };
  $('join-muted').onchange = function (e) { s.muted = e.target.checked; syncToggles(); };
  $('join-camera-off').onchange = function (e) { setCamera(!e.target.checked).catch(error); };
  $('mic-select').onchange = function (e) { chooseMic(e.target.value).catch(error); };
  $('cam-select').onchange = function (e) { chooseCamera(e.target.value).catch(error); };
  $('speaker-select').onchange = function (e) { chooseSpeaker(e.target.value); };
  $('join').onclick = function () {
    join().catch(function (e) { error(e); end('failed', 'The call could not start: ' + e); });
  };
  $('mute').onclick = function () { setMuted(!s.muted).catch(error); };
  $('camera').onclick = function () { setCamera(!s.camera).catch(error); };
  $('screen').onclick = function () {
    setScreen(!s.screen).catch(function (e) {
      error(e);
      if (e && e.name !== 'NotAllowedError') { banner(mediaError(e, 'screen')); }
    });
  };
  $('leave').onclick = leave;
  $('people-toggle').onclick = togglePeople;
  $('settings').onclick = openSettings;
  $('settings-close').onclick = function () { $('settings-dialog').close(); };
  $('rejoin').onclick = function () { location.reload(); };

  // M mutes, V turns the camera off and on (as in most meeting apps); never while typing in a field.
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) { return; }
    const tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') { return; }
    const key = e.key.toLowerCase();
    if (key !== 'm' && key !== 'v') { return; }
    if (s.view === 'call') {
      e.preventDefault();
      if (key === 'm') { setMuted(!s.muted).catch(error); } else { setCamera(!s.camera).catch(error); }
    } else if (s.view === 'prejoin') {
      e.preventDefault();
      (key === 'm' ? $('pj-mic') : $('pj-cam')).click();
    }
  });

  // ---- connection quality and the stats tests read ----------------------------------------------------------------

  // A remote video is "poor" when over the last two seconds more than 5 % of its packets were lost or it decoded
  // fewer than 5 frames a second; our own link is poor when the round trip passes 400 ms or the SFU reports losing
  // more than 10 % of what we send. (Not the browser's "limited by bandwidth": that is normal while it ramps up.)
  function judge(stats, now) {
    const poor = {};
    let selfPoor = false;
    stats.forEach(function (r) {
      if (r.type === 'inbound-rtp' && r.kind === 'video' && r.mid !== undefined) {
        const was = s.quality[r.mid];
        const cur = {t: now, lost: r.packetsLost || 0, got: r.packetsReceived || 0, frames: r.framesDecoded || 0};
        if (!was || now - was.t >= 2000) {
          if (was) {
            const lost = cur.lost - was.lost;
            const all = lost + cur.got - was.got;
            const fps = (cur.frames - was.frames) * 1000 / (now - was.t);
            cur.poor = (all > 0 && lost / all > 0.05) || (cur.got > was.got && fps < 5);
          }
          s.quality[r.mid] = cur;
        } else {
          cur.poor = was.poor;
        }
        poor[r.mid] = !!(s.quality[r.mid] && s.quality[r.mid].poor);
      }
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && r.currentRoundTripTime > 0.4) {
        selfPoor = true;
      }
      if (r.type === 'remote-inbound-rtp' && r.fractionLost > 0.1) {
        selfPoor = true;
      }
    });
    const changed = JSON.stringify(poor) !== JSON.stringify(s.poor) || selfPoor !== s.selfPoor;
    s.poor = poor;
    s.selfPoor = selfPoor;
    if (changed) { render(); }
  }

  async function refreshStats() {
    if (s.pc && !s.ended) {
      const out = {state: s.pc.connectionState, sessionId: s.sessionId, inbound: [], errors: s.errors.slice(),
        offersAnswered: s.offersAnswered, reconnects: s.reconnects, rejoins: s.rejoins, speaking: s.speaking,
        active: s.active, roster: s.roster.length, view: s.view};
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
      judge(stats, Date.now());
      window.huddleStats = out;
    } else if (s.ended) {
      window.huddleStats = {state: 'ended', sessionId: s.sessionId, inbound: [], errors: s.errors.slice(), view: s.view,
        notice: s.notice};
    } else {
      window.huddleStats = {state: 'starting', view: s.view, notice: s.notice, errors: s.errors.slice()};
    }
    setTimeout(refreshStats, 500);
  }

  window.huddle = {
    state: s, mute: setMuted, camera: setCamera, screen: setScreen, leave: leave,
    dropSignalling: function () { if (s.ws) { s.ws.close(); } }
  };
  document.querySelectorAll('[data-icon]').forEach(function (el) { icon(el, el.getAttribute('data-icon')); });
  syncToggles();
  refreshStats();
  if (!token) {
    notice('link_invalid');
  } else {
    loadInfo().then(function (ok) { return ok ? prejoin() : null; }).catch(function (e) {
      error(e);
      notice('failed', String(e));
    });
  }
})();
