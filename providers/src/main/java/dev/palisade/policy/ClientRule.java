package dev.palisade.policy;

import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.permissions.PermissionsMapper;
import dev.palisade.permissions.PermissionsSamlMapper;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * Clients and client scopes: a client's flow overrides name only Palisade's flow for their
 * binding, and no protocol mapper but Palisade's writes the {@code tenant}, {@code role} or
 * {@code permissions} claims applications authorise with. Covers the representations of
 * {@code clients}, {@code client-scopes}, their {@code protocol-mappers} and a partial import.
 */
final class ClientRule implements AdminRule {

  private static final Set<String> PALISADE_CLAIMS = Set.of("tenant", "role", "permissions");
  private static final Set<String> PALISADE_MAPPERS =
      Set.of(PermissionsMapper.ID, PermissionsSamlMapper.ID);
  private static final Set<String> CLAIM_NAME_KEYS = Set.of("claim.name", "attribute.name",
      "friendly.name");

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    RealmModel realm = request.realm();
    if (request.is("POST", "clients") || request.is("PUT", "clients", "*")) {
      return client(realm, request.body());
    }
    if (request.is("POST", "client-scopes") || request.is("PUT", "client-scopes", "*")) {
      return mappers(request.field("protocolMappers"));
    }
    if ((request.under("clients") || request.under("client-scopes"))
        && request.path().size() >= 4 && request.segment(2).equals("protocol-mappers")) {
      JsonNode body = request.body();
      return body.isArray() ? mappers(body) : mapper(body);
    }
    if (request.is("POST", "partialImport")) {
      return AdminRequest.elements(request.field("clients"))
          .flatMap(client -> client(realm, client));
    }
    return Stream.empty();
  }

  static Stream<Refusal> client(RealmModel realm, JsonNode client) {
    return Stream.concat(overrides(realm, client.path("authenticationFlowBindingOverrides")),
        mappers(client.path("protocolMappers")));
  }

  private static Stream<Refusal> overrides(RealmModel realm, JsonNode overrides) {
    return LockedFlows.CLIENT_OVERRIDES.entrySet().stream()
        .filter(binding -> overrides.path(binding.getKey()).isTextual()
            && !overrides.path(binding.getKey()).asText().isEmpty())
        .filter(binding -> {
          AuthenticationFlowModel flow =
              realm.getAuthenticationFlowById(overrides.path(binding.getKey()).asText());
          return flow == null || !binding.getValue().equals(flow.getAlias());
        })
        .map(binding -> new Refusal(LockedSetting.CLIENT_FLOW_OVERRIDES, "a client's '"
            + binding.getKey() + "' override may only name '" + binding.getValue() + "'"));
  }

  private static Stream<Refusal> mappers(JsonNode mappers) {
    return AdminRequest.elements(mappers).flatMap(ClientRule::mapper);
  }

  private static Stream<Refusal> mapper(JsonNode mapper) {
    if (PALISADE_MAPPERS.contains(mapper.path("protocolMapper").asText())) {
      return Stream.empty();
    }
    JsonNode config = mapper.path("config");
    return CLAIM_NAME_KEYS.stream()
        .map(key -> config.path(key).asText(""))
        .filter(ClientRule::isPalisadeClaim)
        .limit(1)
        .map(claim -> new Refusal(LockedSetting.TOKEN_CLAIMS, "the '" + claim
            + "' claim is written by Palisade's palisade-permissions mapper only"));
  }

  /** The claim itself or a nested claim under it ({@code role.x} would replace it too). */
  private static boolean isPalisadeClaim(String claimName) {
    String top = claimName.split("\\.", 2)[0].trim();
    return PALISADE_CLAIMS.contains(top);
  }
}
