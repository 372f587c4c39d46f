package dev.kedrovertexai.core.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of an Artifact Registry repository of the Kubeflow Pipelines format, as the KFP SDK's {@code
 * RegistryClient} talks to it: {@code POST <host>} with a multipart body of a {@code tags} form field and a {@code
 * content} file field answers {@code <package>/sha256:<digest of the content>}; {@code GET
 * <host>/<package>/<version or tag>} downloads. It checks each request field by field and answers 400, naming what
 * is wrong, to anything else. Always {@link #close()} it.
 */
public final class FakeTemplateRegistry implements AutoCloseable {
  /** One upload as received. */
  public record Upload(String authorization, String contentType, List<Part> parts) {}

  /** One part of a multipart body: its headers' names and values, and its bytes. */
  public record Part(Map<String, String> headers, byte[] body) {
    public String disposition() {
      return headers.getOrDefault("content-disposition", "");
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern BOUNDARY = Pattern.compile("multipart/form-data; boundary=([0-9A-Za-z'()+_,./:=?-]{1,70})");

  private final HttpServer server;
  private final String project;
  private final String repository;
  private final String expectedToken;
  private final List<Upload> uploads = new ArrayList<>();
  private final List<String> downloads = new ArrayList<>();
  private final Map<String, Map<String, byte[]>> versions = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
  private int failStatus;
  private String failBody;

  /** {@code expectedToken}: the bearer token every request must carry, or null for none at all. */
  public FakeTemplateRegistry(String project, String repository, String expectedToken) throws IOException {
    this.project = project;
    this.repository = repository;
    this.expectedToken = expectedToken;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The host URL, {@code http://127.0.0.1:<port>/<project>/<repository>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + project + "/" + repository;
  }

  /** Answers the next uploads with this status and body, as Artifact Registry refuses one. */
  public synchronized void refuseUploads(int status, String body) {
    failStatus = status;
    failBody = body;
  }

  public synchronized List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  public synchronized List<String> downloads() {
    return List.copyOf(downloads);
  }

  public synchronized Map<String, String> tagsOf(String packageName) {
    return Map.copyOf(tags.getOrDefault(packageName, Map.of()));
  }

  /** An obviously fake token, new on every call, so that no real secret is ever in a test. */
  public static String newFakeToken() {
    return "fake-token-" + java.util.UUID.randomUUID();
  }

  /** Tokens that hand out {@code token} as {@code identity}. */
  public static AccessTokens tokens(String token, String identity) {
    return new AccessTokens() {
      @Override
      public String accessToken() {
        return token;
      }

      @Override
      public String identity() {
        return identity;
      }
    };
  }

  /** {@code GET <host>/<package>/<version or tag>} with {@code token}, as RegistryClient.download_pipeline sends it. */
  public java.net.http.HttpResponse<byte[]> download(String packageName, String versionOrTag, String token)
      throws IOException, InterruptedException {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/" + packageName + "/" + versionOrTag));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String base = "/" + project + "/" + repository;
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String expected = expectedToken == null ? null : "Bearer " + expectedToken;
      if (expected == null ? authorization != null : !expected.equals(authorization)) {
        answer(exchange, 401, "{\"error\": {\"code\": 401, \"message\": \"Request had invalid authentication credentials.\"}}");
        return;
      }
      if (!path.startsWith(base)) {
        answer(exchange, 404, "{\"error\": {\"code\": 404, \"message\": \"Repository not found\"}}");
        return;
      }
      if (exchange.getRequestMethod().equals("POST") && path.equals(base)) {
        upload(exchange, authorization);
      } else if (exchange.getRequestMethod().equals("GET") && path.startsWith(base + "/")) {
        download(exchange, path.substring(base.length() + 1));
      } else {
        answer(exchange, 400, exchange.getRequestMethod() + " " + path + " is not a request of the upload API");
      }
    }
  }

  private void upload(HttpExchange exchange, String authorization) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (failStatus != 0) {
      answer(exchange, failStatus, failBody);
      return;
    }
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!boundary.matches()) {
      answer(exchange, 400, "expected Content-Type multipart/form-data with a boundary, got " + contentType);
      return;
    }
    List<Part> parts;
    try {
      parts = parse(body, boundary.group(1));
    } catch (IllegalArgumentException e) {
      answer(exchange, 400, "malformed multipart body: " + e.getMessage());
      return;
    }
    uploads.add(new Upload(authorization, contentType, parts));
    Map<String, Part> byName = new LinkedHashMap<>();
    for (Part part : parts) {
      Matcher name = Pattern.compile("form-data; name=\"([^\"]+)\"(; filename=\"([^\"]+)\")?").matcher(part.disposition());
      if (!name.matches() || byName.put(name.group(1), part) != null) {
        answer(exchange, 400, "unexpected or repeated part: " + part.disposition());
        return;
      }
      if (name.group(1).equals("content") != (name.group(3) != null)) {
        answer(exchange, 400, "content must be a file field and tags a plain field: " + part.disposition());
        return;
      }
    }
    if (!byName.keySet().equals(java.util.Set.of("content", "tags"))) {
      answer(exchange, 400, "expected the fields content and tags, got " + byName.keySet());
      return;
    }
    byte[] content = byName.get("content").body();
    String packageName;
    try {
      packageName = MAPPER.readTree(content).path("pipelineInfo").path("name").asText("");
    } catch (IOException e) {
      answer(exchange, 400, "content is not a pipeline spec: " + e.getMessage());
      return;
    }
    if (packageName.isEmpty()) {
      answer(exchange, 400, "content has no pipelineInfo.name");
      return;
    }
    String version = dev.kedrovertexai.core.template.UploadedTemplate.sha256(content);
    versions.computeIfAbsent(packageName, name -> new LinkedHashMap<>()).put(version, content);
    String tagList = new String(byName.get("tags").body(), StandardCharsets.UTF_8);
    for (String tag : tagList.split(",")) {
      if (tag.isEmpty() || tag.startsWith("sha256:")) {
        answer(exchange, 400, "invalid tag '" + tag + "'");
        return;
      }
      tags.computeIfAbsent(packageName, name -> new LinkedHashMap<>()).put(tag, version);
    }
    answer(exchange, 200, packageName + "/" + version);
  }

  private void download(HttpExchange exchange, String rest) throws IOException {
    downloads.add(rest);
    String[] parts = rest.split("/");
    if (parts.length != 2) {
      answer(exchange, 404, "no such package version: " + rest);
      return;
    }
    String version = parts[1].startsWith("sha256:") ? parts[1] : tags.getOrDefault(parts[0], Map.of()).get(parts[1]);
    byte[] content = version == null ? null : versions.getOrDefault(parts[0], Map.of()).get(version);
    if (content == null) {
      answer(exchange, 404, "no such package version: " + rest);
      return;
    }
    exchange.sendResponseHeaders(200, content.length);
    exchange.getResponseBody().write(content);
  }

  /** The parts of a multipart/form-data body (RFC 7578), strictly: CRLF line ends, a closing delimiter. */
  static List<Part> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at != 0) {
      throw new IllegalArgumentException("the body does not start with the boundary");
    }
    List<Part> parts = new ArrayList<>();
    byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int position = delimiter.length;
    while (true) {
      if (startsWith(body, position, "--\r\n")) {
        if (position + 4 != body.length) {
          throw new IllegalArgumentException("bytes after the closing boundary");
        }
        return parts;
      }
      if (!startsWith(body, position, "\r\n")) {
        throw new IllegalArgumentException("no line end after a boundary");
      }
      position += 2;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("a part without the blank line after its headers");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : new String(body, position, headersEnd - position, StandardCharsets.UTF_8).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("a header line without a colon: " + line);
        }
        headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
      int contentStart = headersEnd + 4;
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new IllegalArgumentException("a part that never ends");
      }
      parts.add(new Part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
      position = contentEnd + next.length;
    }
  }

  private static boolean startsWith(byte[] body, int position, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return position + bytes.length <= body.length
        && Arrays.equals(body, position, position + bytes.length, bytes, 0, bytes.length);
  }

  private static int indexOf(byte[] body, byte[] pattern, int from) {
    for (int i = from; i + pattern.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
