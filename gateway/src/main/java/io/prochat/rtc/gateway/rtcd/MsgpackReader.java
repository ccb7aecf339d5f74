package io.prochat.rtc.gateway.rtcd;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict reader of concatenated msgpack values from one byte array. Any integer width, str or bin of any header
 * size; every declared length is checked against the bytes left before anything is allocated, so a header that
 * claims 4 GiB costs nothing. Every failure is a {@link MalformedMessageException} naming {@code what}.
 */
final class MsgpackReader {
    private final MessageUnpacker in;
    private final int length;

    MsgpackReader(byte[] bytes) {
        this.in = MessagePack.newDefaultUnpacker(bytes);
        this.length = bytes.length;
    }

    int remaining() {
        return (int) (length - in.getTotalReadBytes());
    }

    boolean atEnd() throws MalformedMessageException {
        try {
            return !in.hasNext();
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException("unreadable msgpack", e);
        }
    }

    void expectEnd(String what) throws MalformedMessageException {
        if (!atEnd()) {
            throw new MalformedMessageException(what + ": " + remaining() + " unexpected bytes after the message");
        }
    }

    ValueType peek(String what) throws MalformedMessageException {
        try {
            if (!in.hasNext()) {
                throw new MalformedMessageException(what + ": missing (the message ends early)");
            }
            MessageFormat f = in.getNextFormat();
            if (f == MessageFormat.NEVER_USED) {
                throw new MalformedMessageException(what + ": byte 0xc1 is not msgpack");
            }
            return f.getValueType();
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable msgpack", e);
        }
    }

    /** A msgpack str (fixstr, str8, str16, str32), valid UTF-8. */
    String string(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        if (t != ValueType.STRING) {
            throw wrongType(what, "a string", t);
        }
        try {
            int n = in.unpackRawStringHeader();
            byte[] raw = payload(n, what);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(what + ": not valid UTF-8");
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable string", e);
        }
    }

    /** A msgpack bin, or a str taken as its bytes (Go's decoder accepts both for []byte). */
    byte[] bytes(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        try {
            if (t == ValueType.BINARY) {
                return payload(in.unpackBinaryHeader(), what);
            }
            if (t == ValueType.STRING) {
                return payload(in.unpackRawStringHeader(), what);
            }
            if (t == ValueType.NIL) {
                in.unpackNil();
                return new byte[0];
            }
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable bytes", e);
        }
        throw wrongType(what, "bytes (bin)", t);
    }

    /** Any msgpack integer that fits a Java long (positive/negative fixint, int8…int64, uint8…uint64 ≤ 2^63-1). */
    long integer(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        if (t != ValueType.INTEGER) {
            throw wrongType(what, "an integer", t);
        }
        try {
            return in.unpackLong();
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": integer out of range", e);
        }
    }

    /** float32, float64, or an integer (Go decodes both into a float64). */
    double number(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        try {
            if (t == ValueType.FLOAT) {
                return in.unpackDouble();
            }
            if (t == ValueType.INTEGER) {
                return in.unpackLong();
            }
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable number", e);
        }
        throw wrongType(what, "a number", t);
    }

    boolean bool(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        try {
            if (t == ValueType.BOOLEAN) {
                return in.unpackBoolean();
            }
            if (t == ValueType.NIL) { // a Go *bool left nil
                in.unpackNil();
                return false;
            }
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable boolean", e);
        }
        throw wrongType(what, "true or false", t);
    }

    /** A map header (fixmap, map16, map32); nil counts as an empty map, as Go's decoder takes it. */
    int mapHeader(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        try {
            if (t == ValueType.NIL) {
                in.unpackNil();
                return 0;
            }
            if (t != ValueType.MAP) {
                throw wrongType(what, "a map", t);
            }
            int n = in.unpackMapHeader();
            if (n < 0 || (long) n * 2 > remaining()) { // each key and value takes at least one byte
                throw new MalformedMessageException(what + ": map of " + Integer.toUnsignedString(n)
                        + " entries cannot fit in " + remaining() + " bytes");
            }
            return n;
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable map", e);
        }
    }

    void nil(String what) throws MalformedMessageException {
        ValueType t = peek(what);
        if (t != ValueType.NIL) {
            throw wrongType(what, "nil", t);
        }
        try {
            in.unpackNil();
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable", e);
        }
    }

    /** Skips one value of any type (unknown fields), however nested; bounded by the bytes left. */
    void skip(String what) throws MalformedMessageException {
        peek(what);
        try {
            in.skipValue();
        } catch (IOException | MessagePackException e) {
            throw new MalformedMessageException(what + ": unreadable value", e);
        }
    }

    private byte[] payload(int n, String what) throws MalformedMessageException, IOException {
        if (n < 0 || n > remaining()) {
            throw new MalformedMessageException(what + ": declares " + Integer.toUnsignedString(n)
                    + " bytes but only " + remaining() + " follow");
        }
        return in.readPayload(n);
    }

    static MalformedMessageException wrongType(String what, String expected, ValueType got) {
        return new MalformedMessageException(what + " must be " + expected + ", not " + got.name().toLowerCase(java.util.Locale.ROOT));
    }
}
