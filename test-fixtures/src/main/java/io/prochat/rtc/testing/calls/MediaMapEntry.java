package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * One entry of the MediaMap a server sends on the data channel before its offers (research/rtcd.md §3.2, data channel
 * message type 9: msgpack type, then a map mid → {@code {"type": voice|screen|screen-audio|video, "sender_id"}}).
 * calls-common 0.27.2 does not read it (the webapp of the Calls plugin does); tests read it from the page's recorded
 * data channel messages with {@link #collect(List)}.
 */
public record MediaMapEntry(String type, String senderId) {
    /** The data channel message type of MediaMap. */
    public static final int MEDIA_MAP = 9;

    /** All MediaMaps among these messages merged, later ones winning: mid → entry. */
    public static Map<String, MediaMapEntry> collect(List<DataChannelMessage> messages) {
        Map<String, MediaMapEntry> map = new LinkedHashMap<>();
        for (DataChannelMessage m : messages) {
            if (m.text()) {
                continue;
            }
            byte[] bytes = Base64.getDecoder().decode(m.data());
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
                Value type = u.unpackValue();
                if (!type.isIntegerValue() || type.asIntegerValue().toInt() != MEDIA_MAP || !u.hasNext()) {
                    continue;
                }
                Value payload = u.unpackValue();
                if (!payload.isMapValue()) {
                    continue;
                }
                payload.asMapValue().map().forEach((mid, entry) -> {
                    if (entry.isMapValue()) {
                        Map<String, String> fields = new LinkedHashMap<>();
                        entry.asMapValue().map().forEach((k, v) -> fields.put(text(k), text(v)));
                        map.put(text(mid), new MediaMapEntry(fields.get("type"), fields.get("sender_id")));
                    }
                });
            } catch (IOException | RuntimeException e) {
                // not a msgpack message of the data channel protocol: ignored, as the webapp ignores it
            }
        }
        return map;
    }

    private static String text(Value v) {
        return v.isStringValue() ? v.asStringValue().asString() : v.toString();
    }
}
