package dev.kedrovertexai.core;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.BaseServiceException;
import dev.kedrovertexai.core.io.IoErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The last line of defence of every goal: an unchecked exception that a user's files, the network or a Google
 * service can cause, and that no earlier step turned into a message, becomes one message naming what failed.
 * Anything else is a bug in the plugin and is left as it is, so that its trace reaches the report.
 */
public final class UnexpectedFailures {
  private UnexpectedFailures() {}

  /** The message for {@code failure} during {@code goal}, or empty when it is a bug rather than a circumstance. */
  public static Optional<String> describe(String goal, RuntimeException failure) {
    return circumstance(failure).map(what -> goal + " failed: " + what);
  }

  private static Optional<String> circumstance(RuntimeException failure) {
    if (failure instanceof UncheckedIOException io) {
      return Optional.of(io(io.getCause()));
    }
    if (failure instanceof ApiException api) {
      return Optional.of(google(api.getStatusCode().getCode().toString(), serviceWords(api), api.isRetryable()));
    }
    if (failure instanceof StatusRuntimeException grpc) {
      Status status = grpc.getStatus();
      return Optional.of(google(status.getCode().toString(), status.getDescription(), retryable(status.getCode())));
    }
    if (failure instanceof BaseServiceException service) {
      return Optional.of(google("HTTP " + service.getCode(), service.getMessage(), service.isRetryable()));
    }
    return Optional.empty();
  }

  private static String io(IOException cause) {
    if (cause instanceof NoSuchFileException missing) {
      return "the file " + missing.getFile() + " does not exist (it may have been removed while the goal ran)";
    }
    if (cause instanceof FileSystemException) {
      return IoErrors.describe(cause);
    }
    if (cause instanceof UnknownHostException host) {
      return "the host " + host.getMessage() + " is unknown; check the network, the proxy settings and the address";
    }
    if (cause instanceof ConnectException connect) {
      return "could not connect (" + connect.getMessage() + "); check the network and the proxy settings";
    }
    return "an I/O error: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
  }

  private static String google(String code, String detail, boolean retryable) {
    String words = detail == null ? "" : detail.strip();
    String said = words.isEmpty() ? "" : " The service said: " + words + (words.endsWith(".") ? "" : ".");
    String retry = retryable ? " This is usually temporary: run the goal again." : "";
    return "a call to Google Cloud ended with " + code + "." + said + retry;
  }

  private static boolean retryable(Status.Code code) {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.RESOURCE_EXHAUSTED;
  }

  /** A Google service's own words about a failed call, without the class names of the exceptions that wrap them. */
  public static String serviceWords(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    if (status.getCode() != Status.Code.UNKNOWN && status.getDescription() != null) {
      return status.getDescription();
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
