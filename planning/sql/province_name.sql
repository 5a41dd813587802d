-- province_name: the name of a province, or its code when the provinces
-- table does not know it. Read by planning.ProvinceName.
-- parameters: 1 province_code TEXT.
SELECT coalesce(max(name), $1) FROM provinces WHERE province_code = $1
