package io.prochat.rtc.jitsi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a Jitsi HTTP health endpoint (jicofo's or the bridge's {@code /about/health}, or any URL that
 * answers 2xx when Jitsi is well) in the background, so that health questions are answered from the last
 * result without waiting on the network. Each check is bounded by {@code timeout}.
 */
public final class HealthProbe implements AutoCloseable {

    /**
     * The last check.
     *
     * @param healthy   true when the endpoint answered 2xx; also true before the first check finished
     * @param checkedAt when; null before the first check
     * @param detail    {@code HTTP 200}, {@code HTTP 503}, or why there was no answer
     */
    public record Result(boolean healthy, Instant checkedAt, String detail) {
    }

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final ScheduledExecutorService thread;
    private volatile Result last = new Result(true, null, "not checked yet");

    private HealthProbe(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jitsi-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks now and then every {@code interval}. */
    public static HealthProbe start(URI url, Duration interval, Duration timeout) {
        HealthProbe probe = new HealthProbe(url, timeout);
        probe.thread.scheduleWithFixedDelay(probe::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    public URI url() {
        return url;
    }

    public Result last() {
        return last;
    }

    /** One check, now, on the caller's thread. */
    public Result check() {
        Result r;
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            r = new Result(status >= 200 && status < 300, Instant.now(), "HTTP " + status);
        } catch (HttpTimeoutException e) {
            r = new Result(false, Instant.now(), "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            r = new Result(false, Instant.now(), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last;
        }
        last = r;
        return r;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
