package io.prochat.rtc.gateway.load;

import java.util.ArrayList;
import java.util.List;

/**
 * One load shape: {@code rooms} huddles, each with {@code publishers} sending {@code send} and {@code listeners}
 * that send nothing, their microphones muted ({@code page}: listeners offer the join page's four transceivers
 * instead of the microphone alone).
 *
 * <p>Written {@code kind:PxL} or {@code kind:PxLxR}: {@code audio:2x200} (2 audio publishers, 200 listeners),
 * {@code page:2x100} (the same with page listeners), {@code screen:1x100} (one screen-like publisher),
 * {@code camera:10x0x3} (3 rooms of 10 with camera and microphone on, nobody only listening).
 */
record Workload(String spec, String send, int publishers, int listeners, int rooms, boolean page) {
    static Workload parse(String spec) {
        String[] kv = spec.trim().split(":");
        if (kv.length != 2) {
            throw new IllegalArgumentException("workload " + spec + ": kind:PxL[xR]");
        }
        String[] n = kv[1].split("x");
        int p = Integer.parseInt(n[0]);
        int l = n.length > 1 ? Integer.parseInt(n[1]) : 0;
        int r = n.length > 2 ? Integer.parseInt(n[2]) : 1;
        return switch (kv[0]) {
            case "audio" -> new Workload(spec.trim(), "audio", p, l, r, false);
            case "page" -> new Workload(spec.trim(), "audio", p, l, r, true);
            case "screen" -> new Workload(spec.trim(), "screen", p, l, r, false);
            case "camera" -> new Workload(spec.trim(), "camera", p, l, r, false);
            default -> throw new IllegalArgumentException("workload " + spec + ": kind is audio, page, screen or camera");
        };
    }

    static List<Workload> parseAll(String specs) {
        List<Workload> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(parse(s));
            }
        }
        return out;
    }

    int participants() {
        return rooms * (publishers + listeners);
    }

    /** What a reader of the table sees. */
    String label() {
        String what = switch (spec.substring(0, spec.indexOf(':'))) {
            case "audio" -> publishers + " × " + listeners + " audio";
            case "page" -> publishers + " × " + listeners + " audio, page listeners";
            case "screen" -> publishers + " screen × " + listeners;
            default -> rooms + " rooms × " + (publishers + listeners) + " camera";
        };
        return rooms > 1 && !send.equals("camera") ? rooms + " × (" + what + ")" : what;
    }
}
