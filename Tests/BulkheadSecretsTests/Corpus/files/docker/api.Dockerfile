FROM python:3.12-slim
ARG GITHUB_TOKEN=ghp_htytpTYpKgagHbWglgTnMsEojvCrVh0xIdBp
ARG BUILD_DATE
RUN pip config set global.index-url https://ci:J87KzZ27qo38lZgyB0@nexus.acme.io/repository/pypi/simple
RUN echo "//registry.npmjs.org/:_authToken=npm_6dlCkgJiIz4Yio8tNY7Z2sqDY5SgRdZnU2O0" > /root/.npmrc
ENV MYSQL_PASSWORD=${MYSQL_PASSWORD}
ENV PASSWORD_MIN_LENGTH=12
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
