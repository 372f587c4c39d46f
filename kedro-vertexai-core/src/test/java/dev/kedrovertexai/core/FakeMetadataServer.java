package dev.kedrovertexai.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for the Compute Engine metadata server, as much of it as google-auth uses to fetch an ID
 * token: the ping at its root, the default service account and its {@code identity}. Point google-auth at it with
 * {@link #environment()} ({@code GCE_METADATA_HOST} and {@code GCE_METADATA_IP}, which google-auth honours). Its
 * token is made fresh for each test, a JWT of the requested audience that expires in an hour (google-auth reads the
 * expiry, nothing verifies the signature), and is never written anywhere.
 */
public final class FakeMetadataServer implements AutoCloseable {
  private static final String FLAVOR = "Metadata-Flavor";
  private static final String ACCOUNT = "/computeMetadata/v1/instance/service-accounts/default/";
  private static final String IDENTITY = ACCOUNT + "identity";
  /** The task's service account, as google-auth reads it before asking for a token. */
  public static final String EMAIL = "pipelines@test-project.iam.gserviceaccount.com";

  private final HttpServer server;
  private final String secret = randomText(24);
  /** One issue time, so that a token for an audience is the same each time it is asked for. */
  private final long issuedAt = Instant.now().getEpochSecond();
  /** The audiences of the identity requests, in order. */
  public final List<String> audiences = new CopyOnWriteArrayList<>();

  private FakeMetadataServer(HttpServer server) {
    this.server = server;
  }

  public static FakeMetadataServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeMetadataServer metadata = new FakeMetadataServer(server);
    server.createContext("/", metadata::handle);
    server.start();
    return metadata;
  }

  /** The ID token this server hands out for {@code audience}. */
  public String token(String audience) {
    long now = issuedAt;
    String header = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String payload =
        encode(
            "{\"aud\":\"" + audience + "\",\"iss\":\"https://accounts.google.com\",\"sub\":\"" + secret
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
    return header + "." + payload + "." + encode(secret);
  }

  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** What makes google-auth ask this server (and not a real one, nor a key file). */
  public Map<String, String> environment() {
    return Map.of("GCE_METADATA_HOST", address(), "GCE_METADATA_IP", address());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"Google".equals(exchange.getRequestHeaders().getFirst(FLAVOR))) {
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      exchange.getResponseHeaders().set(FLAVOR, "Google");
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      if (path.equals("/")) {
        body = new byte[0];
      } else if (path.equals(ACCOUNT)) {
        body =
            ("{\"email\": \"" + EMAIL + "\", \"aliases\": [\"default\"], \"scopes\":"
                    + " [\"https://www.googleapis.com/auth/cloud-platform\"]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
      } else if (path.equals(IDENTITY)) {
        String audience = query(exchange, "audience");
        audiences.add(audience);
        body = token(audience).getBytes(StandardCharsets.UTF_8);
      } else {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/text"));
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).equals(name)) {
          return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomText(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
