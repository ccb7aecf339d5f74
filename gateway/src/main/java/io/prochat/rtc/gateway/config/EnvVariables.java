package io.prochat.rtc.gateway.config;

import java.util.Arrays;
import java.util.List;

/** The {@code PROCHAT_*} variables that override keys, for templates that list them (print env). */
public final class EnvVariables {
    private EnvVariables() {
    }

    /** One overridable key: its variable name, its label ({@code [Jitsi] AppSecret}) and whether it is a secret. */
    public record Variable(String name, String label, boolean secret) {
    }

    public static List<Variable> all() {
        return Arrays.stream(Key.values()).map(k -> new Variable(k.envName(), k.label(), k.secret)).toList();
    }
}
