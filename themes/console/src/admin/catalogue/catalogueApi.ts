import { callApi, type TokenSource } from "../../shared/palisadeApi";
import { realmUrl, type Catalogue } from "../members/membersApi";

/** `PUT …/permissions/catalogue`: the whole catalogue and every base role's set at once. */
export function saveCatalogue(token: TokenSource, baseUrl: string, realm: string,
  catalogue: Catalogue) {
  return callApi<Catalogue>(token, realmUrl(baseUrl, realm, "permissions/catalogue"),
    { method: "PUT", body: JSON.stringify(catalogue) });
}
