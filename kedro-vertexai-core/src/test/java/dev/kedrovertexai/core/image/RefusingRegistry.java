package dev.kedrovertexai.core.image;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A registry on plain HTTP that refuses, on a loopback port, in the registry API's error format: {@link
 * #denying()} refuses every upload with 403, as a registry does to an identity without the permission to push;
 * {@link #requiringBasicAuth} answers 401 to every request without the right basic credentials. A TLS handshake
 * is refused at once by closing the connection, as a plain HTTP server does, so that clients fall back to HTTP
 * (or give up) without waiting for a timeout. Every response closes its connection.
 */
final class RefusingRegistry implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket server;
  private final String expectedAuthorization;
  private final List<String> authorizations = new ArrayList<>();
  private final Thread acceptor;
  final String host;

  private RefusingRegistry(String expectedAuthorization) throws IOException {
    this.expectedAuthorization = expectedAuthorization;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    host = "127.0.0.1:" + server.getLocalPort();
    acceptor = new Thread(this::accept, "refusing-registry");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static RefusingRegistry denying() throws IOException {
    return new RefusingRegistry(null);
  }

  static RefusingRegistry requiringBasicAuth(String username, String password) throws IOException {
    String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new RefusingRegistry("Basic " + token);
  }

  /** The Authorization header of every request, {@code null} where there was none. */
  List<String> authorizations() {
    synchronized (authorizations) {
      return List.copyOf(authorizations);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        serve(socket);
      } catch (IOException e) {
        // a client that went away, or the server closing: nothing to answer
      }
    }
  }

  private void serve(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    in.mark(1);
    if (in.read() == TLS_HANDSHAKE) {
      return;
    }
    in.reset();
    String requestLine = line(in);
    String method = requestLine.split(" ")[0];
    String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
    String authorization = null;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
        authorization = header.substring("authorization:".length()).strip();
      }
    }
    synchronized (authorizations) {
      authorizations.add(String.valueOf(authorization));
    }
    OutputStream out = socket.getOutputStream();
    if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
      respond(out, method, 401, "WWW-Authenticate: Basic realm=\"refusing-registry\"\r\n", "UNAUTHORIZED",
          "authentication required");
    } else if (path.equals("/v2/")) {
      respond(out, method, 200, "", null, null);
    } else if (method.equals("HEAD")) {
      respond(out, method, 404, "", "BLOB_UNKNOWN", "blob unknown to registry");
    } else {
      respond(out, method, 403, "", "DENIED", "requested access to the resource is denied");
    }
  }

  private static void respond(OutputStream out, String method, int status, String headers, String code, String message)
      throws IOException {
    byte[] body = code == null
        ? new byte[0]
        : ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " Refused\r\n" + headers + "Content-Type: application/json\r\n"
        + "Docker-Distribution-Api-Version: registry/2.0\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    if (!method.equals("HEAD")) {
      out.write(body);
    }
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
