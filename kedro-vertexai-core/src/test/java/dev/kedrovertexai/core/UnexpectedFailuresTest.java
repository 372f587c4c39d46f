package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.storage.StorageException;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failures a user, their files or the network can cause read as one line naming what failed; bugs do not. */
class UnexpectedFailuresTest {
  private static String described(RuntimeException failure) {
    Optional<String> message = UnexpectedFailures.describe("{goal:compile}", failure);
    assertTrue(message.isPresent(), "a circumstance, not a bug: " + failure);
    assertEquals(1, message.get().lines().count(), message.get());
    assertTrue(message.get().startsWith("{goal:compile} failed: "), message.get());
    assertTrue(!message.get().contains("Exception"), "no class names: " + message.get());
    return message.get();
  }

  @Test
  void fileProblemsNameTheFile() {
    assertTrue(described(new UncheckedIOException(new NoSuchFileException("/p/conf/base/catalog.yml")))
        .contains("the file /p/conf/base/catalog.yml does not exist"));
    assertTrue(described(new UncheckedIOException(new AccessDeniedException("/p/target/vertexai")))
        .contains("no permission to read or write /p/target/vertexai"));
    assertTrue(described(new UncheckedIOException(new IOException("disk full"))).endsWith("an I/O error: disk full"));
  }

  @Test
  void networkProblemsSayWhatToCheck() {
    assertTrue(described(new UncheckedIOException(new UnknownHostException("europe-west4-kfp.pkg.dev")))
        .contains("the host europe-west4-kfp.pkg.dev is unknown; check the network"));
    assertTrue(described(new UncheckedIOException(new ConnectException("Connection refused")))
        .contains("could not connect (Connection refused)"));
  }

  @Test
  void googleServiceFailuresGiveTheCodeAndTheServicesWords() {
    String unavailable = described(ApiExceptionFactory.createException(
        new RuntimeException("io exception"), GrpcStatusCode.of(Status.Code.UNAVAILABLE), true));
    assertTrue(unavailable.contains("ended with UNAVAILABLE"), unavailable);
    assertTrue(unavailable.contains("usually temporary"), unavailable);

    String denied = described(Status.PERMISSION_DENIED.withDescription("aiplatform.pipelineJobs.list").asRuntimeException());
    assertTrue(denied.contains("ended with PERMISSION_DENIED. The service said: aiplatform.pipelineJobs.list"), denied);
    assertTrue(!denied.contains("temporary"), denied);

    String storage = described(new StorageException(403, "caller does not have storage.objects.create access"));
    assertTrue(storage.contains("ended with HTTP 403. The service said: caller does not have storage.objects.create"),
        storage);
  }

  @Test
  void aBugIsLeftWithItsTrace() {
    assertEquals(Optional.empty(), UnexpectedFailures.describe("{goal:compile}", new NullPointerException()));
    assertEquals(
        Optional.empty(), UnexpectedFailures.describe("{goal:compile}", new IllegalStateException("broken")));
  }
}
