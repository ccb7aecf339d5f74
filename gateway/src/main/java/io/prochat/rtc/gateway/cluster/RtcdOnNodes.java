package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.store.SfuNodeStore;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a gateway with {@code --role gateway} answers the Calls plugin on {@code /ws} and rtcd's API: it runs no media,
 * so the plugin's RTC server URL must name the SFU nodes, each of which is an rtcd host. The answer says so and lists
 * the nodes taking calls (their public URLs, which browsers reach anyway), read from the store at each request.
 */
public final class RtcdOnNodes implements Supplier<String> {
    /** Nodes named in one answer; the rest are counted. */
    static final int LISTED = 5;

    private final SfuNodeStore nodes;

    public RtcdOnNodes(SfuNodeStore nodes) {
        this.nodes = nodes;
    }

    @Override
    public String get() {
        String head = "this is a ProChat RTC gateway (serve --role gateway): it runs no Calls-plugin calls. Set the Calls"
                + " plugin's RTCD service URL to the SFU nodes (serve --role sfu), e.g. one DNS name with an address"
                + " record per node; ";
        List<NodeRow> up;
        try {
            up = nodes.nodes().stream().filter(NodeRow::canTakeCall).toList();
        } catch (RuntimeException e) {
            return head + "the store cannot list them now";
        }
        if (up.isEmpty()) {
            return head + "no node is taking calls now";
        }
        String listed = up.stream().limit(LISTED).map(n -> n.id() + " " + n.publicUrl())
                .collect(Collectors.joining(", "));
        return head + "nodes taking calls: " + listed + (up.size() > LISTED ? " and " + (up.size() - LISTED)
                + " more" : "");
    }
}
