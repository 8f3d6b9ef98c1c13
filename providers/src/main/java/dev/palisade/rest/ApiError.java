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
    return error(Response.Status.BAD_REQUEST, "invalid_request", description);
  }

  public static WebApplicationException notFound(String description) {
    return error(Response.Status.NOT_FOUND, "not_found", description);
  }

  private static WebApplicationException error(Response.Status status, String error,
      String description) {
    return new WebApplicationException(Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", error, "error_description", description))
        .build());
  }
}
