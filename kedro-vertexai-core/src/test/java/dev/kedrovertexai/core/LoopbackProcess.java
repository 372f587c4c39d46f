package dev.kedrovertexai.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server program the tests run against, on a free loopback port: started, awaited until an HTTP request to it
 * succeeds, and always stopped, by {@link #close()} or, if a test run ends without closing it, by a JVM shutdown
 * hook. Its output goes to a temporary log file, which failures quote.
 */
public final class LoopbackProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread stopOnExit;

  private LoopbackProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(this::stop, "stop " + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** A loopback port nothing listens on at the moment. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code command} and waits until a GET of {@code ready} answers 200. */
  public static LoopbackProcess start(String name, List<String> command, URI ready)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(name, ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LoopbackProcess started = new LoopbackProcess(name, process, log);
    try {
      started.awaitReady(ready);
    } catch (IOException | RuntimeException | InterruptedException e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** The program's process, for tests that check it is gone. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Everything the program printed so far. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and the hook stops the program
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary log file; nothing depends on it
    }
  }

  private void awaitReady(URI ready) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not answer within " + START_TIMEOUT + ":\n" + output());
      }
      Thread.sleep(100);
    }
  }
}
