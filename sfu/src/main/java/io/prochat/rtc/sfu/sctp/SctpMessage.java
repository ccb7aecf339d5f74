package io.prochat.rtc.sfu.sctp;

/** A whole user message as it left or reached the association. */
public record SctpMessage(int stream, int ppid, boolean unordered, byte[] data) {
}
