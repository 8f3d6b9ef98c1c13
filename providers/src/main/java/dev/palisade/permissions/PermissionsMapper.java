package dev.palisade.permissions;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * OIDC: puts {@code tenant}, {@code role} and {@code permissions} into the access token (the
 * lightweight one too), the ID token, userinfo and introspection, as the tenant template's
 * default {@code palisade} client scope configures it.
 */
public final class PermissionsMapper extends AbstractOIDCProtocolMapper implements
    OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

  /** Mapper id, part of the public contract. */
  public static final String ID = "palisade-permissions";

  private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

  static {
    OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, PermissionsMapper.class);
  }

  @Override
  protected void setClaim(IDToken token, ProtocolMapperModel mappingModel,
      UserSessionModel userSession, KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    TokenClaims claims = TokenClaims.of(session, userSession);
    token.getOtherClaims().put(TokenClaims.TENANT, claims.tenant());
    if (claims.role() != null) {
      token.getOtherClaims().put(TokenClaims.ROLE, claims.role());
    }
    token.getOtherClaims().put(TokenClaims.PERMISSIONS, claims.permissions());
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayCategory() {
    return TOKEN_MAPPER_CATEGORY;
  }

  @Override
  public String getDisplayType() {
    return "Palisade: tenant, role and permissions";
  }

  @Override
  public String getHelpText() {
    return "Adds the tenant, the member's base role and their effective permissions.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
