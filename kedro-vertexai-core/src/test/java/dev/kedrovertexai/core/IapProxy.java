package dev.kedrovertexai.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for Identity-Aware Proxy in front of a server: it forwards a request only when it carries
 * {@code Authorization: Bearer <the expected token>}, and answers 401 otherwise, counting both.
 */
public final class IapProxy implements AutoCloseable {
  /** Hop-by-hop and computed headers that the forwarded request and response do not copy. */
  private static final Set<String> NOT_COPIED =
      Set.of("authorization", "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade",
          "keep-alive", "date");

  private final HttpServer server;
  private final String target;
  private final String expected;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final AtomicInteger forwarded = new AtomicInteger();
  public final AtomicInteger refused = new AtomicInteger();

  private IapProxy(HttpServer server, String target, String token) {
    this.server = server;
    this.target = target;
    this.expected = "Bearer " + token;
  }

  /** Starts a proxy to {@code target} ({@code http://host:port}) that lets through only requests with the token. */
  public static IapProxy start(String target, String token) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    IapProxy proxy = new IapProxy(server, target, token);
    server.createContext("/", proxy::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return proxy;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        byte[] body = "Invalid IAP credentials: empty token".getBytes();
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      forwarded.incrementAndGet();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .timeout(Duration.ofMinutes(2))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_COPIED.contains(name.toLowerCase())) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      response.headers().map().forEach((name, values) -> {
        if (!NOT_COPIED.contains(name.toLowerCase()) && !name.startsWith(":")) {
          values.forEach(value -> exchange.getResponseHeaders().add(name, value));
        }
      });
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }
}
