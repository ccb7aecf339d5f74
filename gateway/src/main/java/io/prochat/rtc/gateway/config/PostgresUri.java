package io.prochat.rtc.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * libpq's connection URI ({@code postgres://user:password@host:port/db?sslmode=require}), the form rtcd and Mattermost
 * take, turned into the JDBC driver's URL with the user and password as parameters.
 */
final class PostgresUri {
    private PostgresUri() {
    }

    static String toJdbc(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ConfigException.at(StoreConfig.SECTION, "DataSource", StoreConfig.redacted(value),
                    "is not a valid postgres:// URI: " + e.getReason());
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || path == null || path.length() < 2) {
            throw ConfigException.at(StoreConfig.SECTION, "DataSource", StoreConfig.redacted(value),
                    "needs a host and a database: postgres://user:password@host:5432/database");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host);
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(path);
        StringBuilder params = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            append(params, "user", user);
            if (colon >= 0) {
                append(params, "password", decode(userInfo.substring(colon + 1)));
            }
        }
        if (!params.isEmpty()) {
            jdbc.append('?').append(params);
        }
        return jdbc.toString();
    }

    private static void append(StringBuilder params, String name, String value) {
        if (!params.isEmpty()) {
            params.append('&');
        }
        params.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
