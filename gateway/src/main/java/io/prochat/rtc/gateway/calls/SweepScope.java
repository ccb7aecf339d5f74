package io.prochat.rtc.gateway.calls;

import java.util.function.Predicate;

/** Which active calls one idle sweep may judge and end; asked once at the start of each sweep. */
@FunctionalInterface
public interface SweepScope {
    /** One gateway alone on its store: every call. */
    SweepScope ALL = () -> call -> true;

    Predicate<Call> begin();
}
