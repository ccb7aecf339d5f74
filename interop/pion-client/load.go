// The -load mode: huddle participants for load runs (gateway's HuddleLoadLauncher), one process holding hundreds of
// them. Unlike the fixture mode, it does the signalling itself, as the join page does (the WebSocket
// /huddle/{call}/ws?token=..., a join with the offer, the server's offers answered in order), so a join costs the
// launcher nothing and its timing is measured in one clock.
//
// Commands (stdin, one JSON object a line):
//
//	{"type":"join","id":"l7","url":"<personal join link>","send":"audio|screen|camera|","page":true,"from":"127.0.0.3"}
//	    send: what it publishes ("" = a listener with its microphone muted, sending nothing); "audio" 160 B at
//	    50 pkt/s; "screen" 1100 B at 150 pkt/s on the camera transceiver; "camera" audio plus 2 × 1000 B video per
//	    frame at 30 fps. page: offer the page's four send-only transceivers (mic, camera, screen, screen-audio)
//	    instead of the microphone alone (publishers always do). from: the local address of its WebSocket (the
//	    server caps huddle sockets per address at 256).
//	{"type":"report"}   replies {"type":"report","received","expected","sent","peers","connected","failed"}
//	{"type":"pause"} / {"type":"resume"}   publishers stop / go on sending (every session stays connected), so
//	    the launcher can measure what the same sessions cost without media
//
// Events (stdout): {"type":"media","id","ms"} when a participant receives its first RTP packet, ms after it sent its
// join; {"type":"connected","id","ms"}; {"type":"error","id","message"} for a failed join or a refusal.
//
// Receivers count RTP packets and, per stream, the span of sequence numbers (RFC 3550's expected), so loss is
// (expected − received) / expected. Pion decrypts every packet it receives: that is part of the generator's CPU.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/ice/v2"
	"github.com/pion/interceptor"
	"github.com/pion/logging"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v3"
	"golang.org/x/net/websocket"
)

type loadCommand struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	URL  string `json:"url"`
	Send string `json:"send"`
	Page bool   `json:"page"`
	From string `json:"from"`
}

type loadEvent struct {
	Type      string  `json:"type"`
	ID        string  `json:"id,omitempty"`
	Ms        float64 `json:"ms,omitempty"`
	Message   string  `json:"message,omitempty"`
	Received  int64   `json:"received"`
	Expected  int64   `json:"expected"`
	Sent      int64   `json:"sent"`
	Peers     int64   `json:"peers"`
	Connected int64   `json:"connected"`
	Failed    int64   `json:"failed"`
}

// signal is every message of the join page's protocol this mode reads or writes.
type signal struct {
	Type    string      `json:"type"`
	SDP     string      `json:"sdp,omitempty"`
	Tracks  interface{} `json:"tracks,omitempty"` // ours: mid → kind; the server's offers: mid → an object
	Mic     *bool       `json:"mic,omitempty"`
	Camera  *bool       `json:"camera,omitempty"`
	Code    string      `json:"code,omitempty"`
	Message string      `json:"message,omitempty"`
	Reason  string      `json:"reason,omitempty"`
}

var (
	loadReceived  int64
	loadExpected  int64
	loadSent      int64
	loadPeers     int64
	loadConnected int64
	loadFailed    int64
	loadPaused    int32 // 1: publishers skip their ticks
	loadAPI       *webrtc.API
	loadAll       sync.Map // id → *loadPeer
)

type loadPeer struct {
	id       string
	pc       *webrtc.PeerConnection
	ws       *websocket.Conn
	wsMu     sync.Mutex
	joinSent time.Time
	gotMedia int32
	done     chan struct{}
}

func runLoad(loopback bool) {
	settings := webrtc.SettingEngine{}
	logs := logging.NewDefaultLoggerFactory() // levels from PION_LOG_<LEVEL>=<scopes>; to stderr, not our stdout
	logs.Writer = os.Stderr
	settings.LoggerFactory = logs
	settings.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	settings.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	if loopback {
		settings.SetIncludeLoopbackCandidate(true)
		settings.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	}
	engine := &webrtc.MediaEngine{}
	if err := engine.RegisterDefaultCodecs(); err != nil {
		fmt.Fprintln(os.Stderr, "codecs:", err)
		os.Exit(2)
	}
	// what a browser does too: NACKs, receiver and sender reports, transport-cc feedback
	registry := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(engine, registry); err != nil {
		fmt.Fprintln(os.Stderr, "interceptors:", err)
		os.Exit(2)
	}
	loadAPI = webrtc.NewAPI(webrtc.WithMediaEngine(engine), webrtc.WithSettingEngine(settings),
		webrtc.WithInterceptorRegistry(registry))

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		var c loadCommand
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			emitLoad(loadEvent{Type: "error", Message: "bad command: " + err.Error()})
			continue
		}
		switch c.Type {
		case "join":
			atomic.AddInt64(&loadPeers, 1)
			go func(c loadCommand) {
				if err := loadJoin(c); err != nil {
					atomic.AddInt64(&loadFailed, 1)
					emitLoad(loadEvent{Type: "error", ID: c.ID, Message: err.Error()})
				}
			}(c)
		case "pause":
			atomic.StoreInt32(&loadPaused, 1)
		case "resume":
			atomic.StoreInt32(&loadPaused, 0)
		case "report":
			emitLoad(loadEvent{Type: "report", Received: atomic.LoadInt64(&loadReceived),
				Expected: atomic.LoadInt64(&loadExpected), Sent: atomic.LoadInt64(&loadSent),
				Peers: atomic.LoadInt64(&loadPeers), Connected: atomic.LoadInt64(&loadConnected),
				Failed: atomic.LoadInt64(&loadFailed)})
		default:
			emitLoad(loadEvent{Type: "error", ID: c.ID, Message: "unknown command " + c.Type})
		}
	}
	loadAll.Range(func(_, v interface{}) bool {
		p := v.(*loadPeer)
		close(p.done)
		p.wsMu.Lock()
		if p.ws != nil {
			_ = websocket.JSON.Send(p.ws, signal{Type: "leave"})
			_ = p.ws.Close()
		}
		p.wsMu.Unlock()
		_ = p.pc.Close()
		return true
	})
}

func emitLoad(e loadEvent) {
	outMu.Lock()
	defer outMu.Unlock()
	_ = out.Encode(e)
}

func loadJoin(c loadCommand) error {
	pc, err := loadAPI.NewPeerConnection(webrtc.Configuration{
		BundlePolicy:  webrtc.BundlePolicyMaxBundle,
		RTCPMuxPolicy: webrtc.RTCPMuxPolicyRequire,
	})
	if err != nil {
		return err
	}
	p := &loadPeer{id: c.ID, pc: pc, done: make(chan struct{})}
	loadAll.Store(c.ID, p)
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		switch s {
		case webrtc.PeerConnectionStateConnected:
			atomic.AddInt64(&loadConnected, 1)
			emitLoad(loadEvent{Type: "connected", ID: p.id, Ms: ms(time.Since(p.joinSent))})
		case webrtc.PeerConnectionStateFailed:
			atomic.AddInt64(&loadFailed, 1)
			emitLoad(loadEvent{Type: "error", ID: p.id, Message: "connection failed"})
		}
	})
	pc.OnTrack(func(track *webrtc.TrackRemote, _ *webrtc.RTPReceiver) { go p.receive(track) })

	type sending struct {
		track *webrtc.TrackLocalStaticRTP
		kind  string
	}
	var sends []sending
	var added []string // kinds in the order of their transceivers
	add := func(kind string, media webrtc.RTPCodecType, track *webrtc.TrackLocalStaticRTP) error {
		init := webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}
		var t *webrtc.RTPTransceiver
		var err error
		if track != nil {
			t, err = pc.AddTransceiverFromTrack(track, init)
		} else {
			t, err = pc.AddTransceiverFromKind(media, init) // a track that never sends: muted, or off
		}
		if err != nil {
			return err
		}
		added = append(added, kind)
		if track != nil {
			sends = append(sends, sending{track, kind})
			go drainRtcp(t.Sender())
		}
		return nil
	}
	var mic, camera *webrtc.TrackLocalStaticRTP
	if c.Send == "audio" || c.Send == "camera" {
		if mic, err = webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus,
			ClockRate: 48000, Channels: 2}, "mic", "load-"+c.ID); err != nil {
			return err
		}
	}
	if c.Send == "screen" || c.Send == "camera" {
		if camera, err = webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8,
			ClockRate: 90000}, "camera", "load-"+c.ID); err != nil {
			return err
		}
	}
	if err := add("mic", webrtc.RTPCodecTypeAudio, mic); err != nil {
		return err
	}
	if c.Page || c.Send != "" { // the page's other three; publishers always join as the page does
		if err := add("camera", webrtc.RTPCodecTypeVideo, camera); err != nil {
			return err
		}
		if err := add("screen", webrtc.RTPCodecTypeVideo, nil); err != nil {
			return err
		}
		if err := add("screen-audio", webrtc.RTPCodecTypeAudio, nil); err != nil {
			return err
		}
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return err
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		return err
	}
	<-gathered
	tracks := map[string]string{}
	for i, t := range pc.GetTransceivers() {
		if i < len(added) {
			tracks[t.Mid()] = added[i]
		}
	}

	page, err := url.Parse(c.URL)
	if err != nil {
		return err
	}
	cfg, err := websocket.NewConfig("ws://"+page.Host+page.Path+"/ws?"+page.RawQuery, "http://"+page.Host)
	if err != nil {
		return err
	}
	cfg.Dialer = &net.Dialer{Timeout: 30 * time.Second}
	if c.From != "" {
		cfg.Dialer.LocalAddr = &net.TCPAddr{IP: net.ParseIP(c.From)}
	}
	ws, err := websocket.DialConfig(cfg)
	if err != nil {
		return err
	}
	micOn, cameraOn := mic != nil, camera != nil
	p.wsMu.Lock()
	p.ws = ws
	p.joinSent = time.Now()
	err = websocket.JSON.Send(ws, signal{Type: "join", SDP: pc.LocalDescription().SDP, Tracks: tracks, Mic: &micOn,
		Camera: &cameraOn})
	p.wsMu.Unlock()
	if err != nil {
		return err
	}
	for _, s := range sends {
		go p.publish(s.track, s.kind == "camera" && c.Send == "screen", s.kind == "camera")
	}
	return p.signalling()
}

// signalling handles the server's messages in order, as the page's promise queue does, until the socket closes.
func (p *loadPeer) signalling() error {
	for {
		var m signal
		if err := websocket.JSON.Receive(p.ws, &m); err != nil {
			select {
			case <-p.done:
				return nil
			default:
				return fmt.Errorf("signalling: %v", err)
			}
		}
		switch m.Type {
		case "answer":
			if err := p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer,
				SDP: m.SDP}); err != nil {
				return fmt.Errorf("answer: %v", err)
			}
		case "offer":
			if err := p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer,
				SDP: m.SDP}); err != nil {
				return fmt.Errorf("offer: %v", err)
			}
			answer, err := p.pc.CreateAnswer(nil)
			if err != nil {
				return fmt.Errorf("offer: %v", err)
			}
			if err := p.pc.SetLocalDescription(answer); err != nil {
				return fmt.Errorf("offer: %v", err)
			}
			p.wsMu.Lock()
			err = websocket.JSON.Send(p.ws, signal{Type: "answer", SDP: p.pc.LocalDescription().SDP})
			p.wsMu.Unlock()
			if err != nil {
				select {
				case <-p.done: // the generator is shutting down and closed the socket: not a failed join
					return nil
				default:
					return fmt.Errorf("answer: %v", err)
				}
			}
		case "error":
			return fmt.Errorf("refused: %s: %s", m.Code, m.Message)
		case "close":
			return fmt.Errorf("closed by the server: %s", m.Reason)
		}
	}
}

// receive counts one remote stream's packets and its span of sequence numbers, reading only the RTP header.
func (p *loadPeer) receive(track *webrtc.TrackRemote) {
	buf := make([]byte, 1500)
	first := true
	var highest uint16
	for {
		n, _, err := track.Read(buf)
		if err != nil {
			return
		}
		if n < 12 {
			continue
		}
		seq := binary.BigEndian.Uint16(buf[2:4])
		atomic.AddInt64(&loadReceived, 1)
		if first {
			first = false
			highest = seq
			atomic.AddInt64(&loadExpected, 1)
			if atomic.CompareAndSwapInt32(&p.gotMedia, 0, 1) {
				p.wsMu.Lock()
				sent := p.joinSent
				p.wsMu.Unlock()
				emitLoad(loadEvent{Type: "media", ID: p.id, Ms: ms(time.Since(sent))})
			}
		} else if d := int16(seq - highest); d > 0 {
			atomic.AddInt64(&loadExpected, int64(d))
			highest = seq
		}
	}
}

// publish sends synthetic RTP: Opus-sized audio (160 B, 50 pkt/s), a screen-like stream (1100 B, 150 pkt/s) or
// camera video (30 fps, 2 × 1000 B a frame). The SFU forwards without decoding, so the payload is filler; video
// packets carry a VP8 payload descriptor of a frame that is not a key frame.
func (p *loadPeer) publish(track *webrtc.TrackLocalStaticRTP, screen, video bool) {
	size, perTick, interval, clock := 160, 1, 20*time.Millisecond, uint32(960)
	if screen {
		size, perTick, interval, clock = 1100, 1, time.Second/150, 600
	} else if video {
		size, perTick, interval, clock = 1000, 2, time.Second/30, 3000
	}
	payload := make([]byte, size)
	pkt := &rtp.Packet{Header: rtp.Header{Version: 2}, Payload: payload}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
		}
		pkt.Timestamp += clock // time goes on while paused, as a muted sender's clock does
		if atomic.LoadInt32(&loadPaused) == 1 {
			continue
		}
		for i := 0; i < perTick; i++ {
			pkt.SequenceNumber++
			pkt.Marker = i == perTick-1
			if video {
				payload[0] = 0x00
				if i == 0 {
					payload[0] = 0x10 // S: the frame's first packet
				}
				payload[1] = 0x01 // frame header P bit: an inter frame
			}
			if err := track.WriteRTP(pkt); err == nil {
				atomic.AddInt64(&loadSent, 1)
			}
		}
	}
}

// drainRtcp reads what the SFU sends back about a published track, so the interceptors (NACK responder) see it.
func drainRtcp(s *webrtc.RTPSender) {
	buf := make([]byte, 1500)
	for {
		if _, _, err := s.Read(buf); err != nil {
			return
		}
	}
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
