import {
  Button,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { AngleLeftIcon, AngleRightIcon } from "@patternfly/react-icons";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A page of a member list: Palisade's list endpoints take the same three parameters. */
export type MemberQuery = { first: number; max: number; search: string };

export const FIRST_PAGE: MemberQuery = { first: 0, max: 20, search: "" };

type MemberListToolbarProps = {
  /** Names the texts (`<texts>Search`, `<texts>PageRange`, …) of the page. */
  texts: "palisadeMembers" | "palisadeFactors";
  /** Prefix of the test ids: `<testIds>-search`, `<testIds>-previous`, `<testIds>-next`. */
  testIds: string;
  query: MemberQuery;
  /** How many members the current page shows. */
  shown: number;
  onQuery: (query: MemberQuery) => void;
  /** Page actions shown between the search box and the pager. */
  children?: ReactNode;
};

/**
 * Search box and previous/next pager over a member list. The list endpoints answer a short
 * page at the end instead of a total, so "next" is offered while a page comes back full.
 */
export function MemberListToolbar({
  texts,
  testIds,
  query,
  shown,
  onQuery,
  children,
}: MemberListToolbarProps) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState(query.search);
  const search = (value: string) => onQuery({ first: 0, max: query.max, search: value });
  const goTo = (first: number) => onQuery({ ...query, first });
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            aria-label={t(`${texts}Search`)}
            placeholder={t(`${texts}Search`)}
            value={searchText}
            onChange={(_, value) => setSearchText(value)}
            onSearch={(_, value) => search(value)}
            onClear={() => {
              setSearchText("");
              search("");
            }}
            data-testid={`${testIds}-search`}
          />
        </ToolbarItem>
        {children}
        <ToolbarItem variant="pagination" align={{ default: "alignRight" }}>
          <nav aria-label={t(`${texts}Paging`)}
            className="pf-v5-u-display-flex pf-v5-u-align-items-center">
            <span className="pf-v5-u-mr-sm">
              {shown === 0
                ? t(`${texts}PageEmpty`)
                : t(`${texts}PageRange`, { from: query.first + 1, to: query.first + shown })}
            </span>
            <Button variant="plain" data-testid={`${testIds}-previous`}
              isDisabled={query.first === 0} aria-label={t(`${texts}Previous`)}
              onClick={() => goTo(Math.max(0, query.first - query.max))}>
              <AngleLeftIcon />
            </Button>
            <Button variant="plain" data-testid={`${testIds}-next`}
              isDisabled={shown < query.max} aria-label={t(`${texts}Next`)}
              onClick={() => goTo(query.first + query.max)}>
              <AngleRightIcon />
            </Button>
          </nav>
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
