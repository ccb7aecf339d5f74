package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [Cluster]}: gateways and SFU nodes on one shared store ({@code serve --role gateway|sfu}). Unused by
 * {@code --role all}, the default, which keeps everything in one process.
 *
 * @param secret      the shared secret of the internal API between gateways and nodes (a secret: never shown);
 *                    at least {@value #MIN_SECRET_LENGTH} characters; required by both roles
 * @param nodeId      this node's name in the store; "" = the host name and the HTTP port
 * @param internalUrl where gateways reach this node's internal API; "" = its [Gateway] PublicURL
 * @param capacity    participants this node takes across its rooms before placement passes it over
 */
public record ClusterConfig(String secret, String nodeId, String internalUrl, int capacity) {
    static final String SECTION = "Cluster";
    /** Shorter secrets could be guessed; 32 random hex characters are 128 bits. */
    public static final int MIN_SECRET_LENGTH = 32;
    /** Unset, a node takes what {@code [RTC] Capacity} says (the figure measured in docs/benchmarks.md). */
    public static final int DEFAULT_CAPACITY = RtcConfig.DEFAULT_CAPACITY;

    public ClusterConfig {
        secret = Objects.requireNonNullElse(secret, "");
        nodeId = Objects.requireNonNullElse(nodeId, "").trim();
        internalUrl = Checks.optionalHttpUrl(SECTION, "InternalURL", Objects.requireNonNullElse(internalUrl, "").trim());
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            throw ConfigException.secret(SECTION, "Secret", "must be at least " + MIN_SECRET_LENGTH
                    + " characters (it authenticates gateways and nodes to each other; e.g. openssl rand -hex 32)");
        }
        if (!nodeId.matches("[A-Za-z0-9._:-]{0,64}")) {
            throw ConfigException.at(SECTION, "NodeID", nodeId, "must be up to 64 letters, digits, '.', '_', ':' or '-'");
        }
        Checks.positive(SECTION, "Capacity", capacity);
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig("", "", "", DEFAULT_CAPACITY);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "ClusterConfig[secret=" + (secret.isEmpty() ? "" : ConfigPrinter.MASK) + ", nodeId=" + nodeId
                + ", internalUrl=" + internalUrl + ", capacity=" + capacity + "]";
    }
}
