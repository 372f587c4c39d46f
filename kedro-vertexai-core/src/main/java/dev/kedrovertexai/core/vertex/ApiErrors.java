package dev.kedrovertexai.core.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.UnexpectedFailures;

/**
 * Turns a failed Google API call into one message a user can act on: for authentication and permission
 * failures it names the identity and the permission (and a role) to grant, instead of a gRPC trace.
 */
final class ApiErrors {
  private final String identity;

  ApiErrors(String identity) {
    this.identity = identity;
  }

  KedroVertexAiException translate(ApiException e, ApiAction action) {
    return translate(e.getStatusCode().getCode(), UnexpectedFailures.serviceWords(e), action, e);
  }

  KedroVertexAiException translate(StatusCode.Code code, String detail, ApiAction action, Throwable cause) {
    String said = detail == null || detail.isBlank() ? "" : " The service said: " + detail;
    switch (code) {
      case PERMISSION_DENIED:
        return new KedroVertexAiException(
            "Permission denied: "
                + identity
                + " may not "
                + action.description()
                + ". Grant it the permission "
                + action.permission()
                + " (for example with the role "
                + action.role()
                + ")."
                + said,
            cause);
      case UNAUTHENTICATED:
        return new KedroVertexAiException(
            "Not authenticated to "
                + action.description()
                + ": the credentials of "
                + identity
                + " were missing, expired or rejected. Run `gcloud auth application-default login`, or point"
                + " GOOGLE_APPLICATION_CREDENTIALS at a valid key file."
                + said,
            cause);
      default:
        return new KedroVertexAiException("Could not " + action.description() + ": " + code + "." + said, cause);
    }
  }
}
