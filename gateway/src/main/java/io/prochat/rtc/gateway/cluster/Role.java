package io.prochat.rtc.gateway.cluster;

/**
 * What {@code serve --role} runs: everything in one process ({@link #ALL}, the default), an SFU node alone
 * ({@link #SFU}), or a gateway that places huddles on SFU nodes ({@link #GATEWAY}). The two cluster roles share a
 * store (PostgreSQL) and {@code [Cluster] Secret}.
 */
public enum Role {
    ALL, SFU, GATEWAY
}
