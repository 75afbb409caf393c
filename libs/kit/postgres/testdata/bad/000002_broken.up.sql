ALTER TABLE things ADD COLUMN name text;
ALTER TABLE no_such_table ADD COLUMN x int;
