package dev.palisade.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The error body of every Palisade REST endpoint, as the contract states it:
 * {@code {"error":"…","error_description":"…"}}.
 */
public final class ApiError {

  private ApiError() {
  }

  public static WebApplicationException badRequest(String description) {
    return badRequest("invalid_request", description);
  }

  public static WebApplicationException badRequest(String error, String description) {
    return error(Response.Status.BAD_REQUEST, error, description);
  }

  public static WebApplicationException notFound(String description) {
    return error(Response.Status.NOT_FOUND, "not_found", description);
  }

  public static WebApplicationException forbidden(String error, String description) {
    return error(Response.Status.FORBIDDEN, error, description);
  }

  public static WebApplicationException conflict(String error, String description) {
    return error(Response.Status.CONFLICT, error, description);
  }

  /** {@code 502}: a server this one depends on (an SMTP server, say) failed. */
  public static WebApplicationException badGateway(String error, String description) {
    return error(Response.Status.BAD_GATEWAY, error, description);
  }

  /** {@code 429}: the caller may try again after {@code retryAfterSeconds}. */
  public static WebApplicationException tooManyRequests(String description,
      long retryAfterSeconds) {
    return new WebApplicationException(body(Response.status(Response.Status.TOO_MANY_REQUESTS),
        "too_many_requests", description)
        .header("Retry-After", retryAfterSeconds)
        .build());
  }

  private static WebApplicationException error(Response.Status status, String error,
      String description) {
    return new WebApplicationException(body(Response.status(status), error, description).build());
  }

  private static Response.ResponseBuilder body(Response.ResponseBuilder response, String error,
      String description) {
    return response.type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", error, "error_description", description));
  }
}
