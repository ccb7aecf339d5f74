// pion-client: WebRTC peers of another stack than Chromium's (Pion, github.com/pion/webrtc/v3 as Debian ships it),
// driven by the Java test fixture PionClient over stdin and stdout, one JSON object a line. The fixture does the
// signalling (HTTP, WebSocket); this program only holds peer connections, so one process serves many peers.
//
// Commands (stdin):
//
//	{"type":"new","id":"p1","audio":true}   a peer connection offering one send-only Opus track (when audio), and
//	                                        replying {"type":"offer","id","sdp","mids":{"<mid>":"mic"}} once ICE
//	                                        gathering is complete (no trickle)
//	{"type":"answer","id","sdp"}            the answer to our offer
//	{"type":"offer","id","sdp"}             an offer from the server: replies {"type":"answer","id","sdp"}
//	{"type":"close","id"}                   closes that peer connection: replies {"type":"closed","id"}
//
// Events (stdout): {"type":"state","id","state"} on every connection state change (new, connecting, connected,
// failed, closed...), {"type":"ice","id","state"} on every ICE connection state change, {"type":"stats","id","received":{"<mid>":packets},"sent":packets} every 250 ms while
// connected, {"type":"error","id","message"} when a command fails. Pion's own error log goes to stderr.
//
// Flags: -loopback keeps ICE on 127.0.0.1 (tests: the server accepts loopback peers only); -load runs the load
// generator of load.go instead of this protocol.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/pion/ice/v2"
	"github.com/pion/logging"
	"github.com/pion/webrtc/v3"
	"github.com/pion/webrtc/v3/pkg/media"
)

type message struct {
	Type     string            `json:"type"`
	ID       string            `json:"id,omitempty"`
	SDP      string            `json:"sdp,omitempty"`
	Audio    bool              `json:"audio,omitempty"`
	State    string            `json:"state,omitempty"`
	Message  string            `json:"message,omitempty"`
	Mids     map[string]string `json:"mids,omitempty"`
	Received map[string]int64  `json:"received,omitempty"`
	Sent     int64             `json:"sent,omitempty"`
}

type peer struct {
	id       string
	pc       *webrtc.PeerConnection
	mu       sync.Mutex
	received map[string]int64
	sent     int64
	done     chan struct{}
}

var (
	out     = json.NewEncoder(os.Stdout)
	outMu   sync.Mutex
	peersMu sync.Mutex
	peers   = map[string]*peer{}
	newAPI  func(id string) *webrtc.API
)

// peerLogs names each peer in Pion's log lines ("p3/ice ..."), so a failed join's lines can be told apart.
type peerLogs struct {
	id   string
	base *logging.DefaultLoggerFactory
}

func (f peerLogs) NewLogger(scope string) logging.LeveledLogger {
	level := f.base.DefaultLogLevel
	if l, ok := f.base.ScopeLevels[scope]; ok {
		level = l
	}
	return logging.NewDefaultLeveledLoggerForScope(f.id+"/"+scope, level, f.base.Writer)
}

func emit(m message) {
	outMu.Lock()
	defer outMu.Unlock()
	_ = out.Encode(m) // one line per object
}

func main() {
	loopback := flag.Bool("loopback", false, "ICE on 127.0.0.1 only")
	load := flag.Bool("load", false, "huddle participants for load runs, signalling included (load.go)")
	flag.Parse()
	if *load {
		runLoad(*loopback)
		return
	}

	logs := logging.NewDefaultLoggerFactory() // levels from PION_LOG_<LEVEL>=<scopes>; to stderr, not our stdout
	logs.Writer = os.Stderr
	newAPI = func(id string) *webrtc.API {
		settings := webrtc.SettingEngine{}
		settings.LoggerFactory = peerLogs{id: id, base: logs}
		settings.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
		settings.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
		if *loopback {
			settings.SetIncludeLoopbackCandidate(true)
			settings.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
		}
		engine := &webrtc.MediaEngine{}
		if err := engine.RegisterDefaultCodecs(); err != nil {
			fmt.Fprintln(os.Stderr, "codecs:", err)
			os.Exit(2)
		}
		return webrtc.NewAPI(webrtc.WithMediaEngine(engine), webrtc.WithSettingEngine(settings))
	}

	go reportStats()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		var m message
		if err := json.Unmarshal(in.Bytes(), &m); err != nil {
			emit(message{Type: "error", Message: "bad command: " + err.Error()})
			continue
		}
		if err := handle(m); err != nil {
			emit(message{Type: "error", ID: m.ID, Message: m.Type + ": " + err.Error()})
		}
	}
	peersMu.Lock()
	for _, p := range peers {
		_ = p.pc.Close()
	}
	peersMu.Unlock()
}

func lookup(id string) (*peer, error) {
	peersMu.Lock()
	defer peersMu.Unlock()
	p := peers[id]
	if p == nil {
		return nil, fmt.Errorf("no peer %q", id)
	}
	return p, nil
}

func handle(m message) error {
	switch m.Type {
	case "new":
		// offers are made on their own goroutine: gathering takes a moment, and other peers' commands go on
		go func() {
			if err := newPeer(m.ID, m.Audio); err != nil {
				emit(message{Type: "error", ID: m.ID, Message: "new: " + err.Error()})
			}
		}()
		return nil
	case "answer":
		p, err := lookup(m.ID)
		if err != nil {
			return err
		}
		return p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: m.SDP})
	case "offer":
		p, err := lookup(m.ID)
		if err != nil {
			return err
		}
		return p.answer(m.SDP)
	case "close":
		peersMu.Lock()
		p := peers[m.ID]
		delete(peers, m.ID)
		peersMu.Unlock()
		if p != nil {
			close(p.done)
			_ = p.pc.Close()
		}
		emit(message{Type: "closed", ID: m.ID})
		return nil
	default:
		return fmt.Errorf("unknown command %q", m.Type)
	}
}

func newPeer(id string, audio bool) error {
	pc, err := newAPI(id).NewPeerConnection(webrtc.Configuration{
		BundlePolicy:  webrtc.BundlePolicyMaxBundle,
		RTCPMuxPolicy: webrtc.RTCPMuxPolicyRequire,
	})
	if err != nil {
		return err
	}
	p := &peer{id: id, pc: pc, received: map[string]int64{}, done: make(chan struct{})}
	peersMu.Lock()
	peers[id] = p
	peersMu.Unlock()
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		emit(message{Type: "state", ID: id, State: s.String()})
	})
	pc.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) {
		emit(message{Type: "ice", ID: id, State: s.String()})
	})
	pc.OnTrack(func(track *webrtc.TrackRemote, receiver *webrtc.RTPReceiver) {
		mid := ""
		for _, t := range pc.GetTransceivers() {
			if t.Receiver() == receiver {
				mid = t.Mid()
			}
		}
		go p.read(track, mid)
	})
	mids := map[string]string{}
	var sender *webrtc.RTPTransceiver
	var track *webrtc.TrackLocalStaticSample
	if audio {
		track, err = webrtc.NewTrackLocalStaticSample(
			webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "mic", "pion-"+id)
		if err != nil {
			return err
		}
		sender, err = pc.AddTransceiverFromTrack(track,
			webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly})
		if err != nil {
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
	if sender != nil {
		mids[sender.Mid()] = "mic"
		go p.sendAudio(track)
	}
	emit(message{Type: "offer", ID: id, SDP: pc.LocalDescription().SDP, Mids: mids})
	return nil
}

func (p *peer) answer(sdp string) error {
	if err := p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: sdp}); err != nil {
		return err
	}
	answer, err := p.pc.CreateAnswer(nil)
	if err != nil {
		return err
	}
	gathered := webrtc.GatheringCompletePromise(p.pc)
	if err := p.pc.SetLocalDescription(answer); err != nil {
		return err
	}
	<-gathered
	emit(message{Type: "answer", ID: p.id, SDP: p.pc.LocalDescription().SDP})
	return nil
}

// sendAudio sends a 20 ms Opus frame of silence (the TOC byte of a 20 ms CELT frame and an empty body) every 20 ms:
// the SFU forwards RTP without decoding it, so what the receiver counts is packets.
func (p *peer) sendAudio(track *webrtc.TrackLocalStaticSample) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	frame := []byte{0xf8, 0xff, 0xfe}
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
			if err := track.WriteSample(media.Sample{Data: frame, Duration: 20 * time.Millisecond}); err == nil {
				p.mu.Lock()
				p.sent++
				p.mu.Unlock()
			}
		}
	}
}

func (p *peer) read(track *webrtc.TrackRemote, mid string) {
	for {
		if _, _, err := track.ReadRTP(); err != nil {
			return
		}
		p.mu.Lock()
		p.received[mid]++
		p.mu.Unlock()
	}
}

func reportStats() {
	for range time.Tick(250 * time.Millisecond) {
		peersMu.Lock()
		list := make([]*peer, 0, len(peers))
		for _, p := range peers {
			list = append(list, p)
		}
		peersMu.Unlock()
		for _, p := range list {
			if p.pc.ConnectionState() != webrtc.PeerConnectionStateConnected {
				continue
			}
			p.mu.Lock()
			received := make(map[string]int64, len(p.received))
			for k, v := range p.received {
				received[k] = v
			}
			sent := p.sent
			p.mu.Unlock()
			emit(message{Type: "stats", ID: p.id, Received: received, Sent: sent})
		}
	}
}
