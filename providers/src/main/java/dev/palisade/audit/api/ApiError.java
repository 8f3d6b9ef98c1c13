package dev.palisade.audit.api;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The contract's error body: {@code {"error":"…","error_description":"…"}}. */
final class ApiError {

  private ApiError() {
  }

  static WebApplicationException badRequest(String description) {
    return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", "invalid_request", "error_description", description))
        .build());
  }
}
