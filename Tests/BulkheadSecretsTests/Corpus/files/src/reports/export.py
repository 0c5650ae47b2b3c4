import os

import pyodbc

CONN_STR = (
    "DRIVER={ODBC Driver 18 for SQL Server};SERVER=tcp:reports.database.windows.net,1433;"
    "DATABASE=reports;UID=report_writer;PWD=2.Ok*6PMiKWSHz9fqolu;Encrypt=yes;"
)
ARCHIVE_CONN_STR = "DRIVER={PostgreSQL Unicode};SERVER=archive-db;DATABASE=archive;UID=archiver;PWD=" + os.environ["ARCHIVE_PWD"]


def export(query):
    with pyodbc.connect(CONN_STR) as conn:
        return conn.cursor().execute(query).fetchall()
