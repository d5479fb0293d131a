import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";

// A realistic project after interpolation: a frontend built from source with watch rules, an API
// with env files and a healthcheck, Postgres with a secret, Redis, and a worker sharing the API's network.
const COMPOSE = `name: shop
x-logging: &logging
  driver: json-file
  options:
    max-size: 10m
    max-file: 3
services:
  web:
    build:
      context: ./frontend
      args:
        - NODE_ENV=development
        - NPM_TOKEN
    ports:
      - "3000:3000"
      - "127.0.0.1:9229:9229"
    volumes:
      - ./frontend/src:/app/src:ro
      - node_modules:/app/node_modules
    environment:
      API_URL: http://api:8080
      DEBUG: true
    depends_on:
      - api
    develop:
      watch:
        - path: ./frontend/src
          action: sync
          target: /app/src
        - path: ./frontend/package.json
          action: rebuild
    logging: *logging
  api:
    image: shop/api:latest
    command: ./server --port 8080
    env_file:
      - .env.api
      - path: .env.api.local
        required: false
    environment:
      - DATABASE_URL=postgres://shop:s3cret@db:5432/shop
      - LOG_LEVEL
    expose:
      - 8080
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
        restart: true
    networks:
      - default
      - backend
    healthcheck:
      test: wget -qO- http://localhost:8080/health || exit 1
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 1m
    restart: unless-stopped
    stop_grace_period: 30s
    labels:
      - com.example.team=checkout
    secrets:
      - db_password
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    volumes:
      - type: volume
        source: db-data
        target: /var/lib/postgresql/data
      - ./db/init.sql:/docker-entrypoint-initdb.d/init.sql
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "shop"]
      interval: 5s
    shm_size: 256mb
    networks: [backend]
    secrets:
      - source: db_password
        mode: 0o400
  cache:
    image: redis:7-alpine
    command: ["redis-server", "--appendonly", "yes"]
    networks:
      backend:
        aliases: [redis]
    ulimits:
      nofile: 65536
  worker:
    image: shop/api:latest
    entrypoint: python -m worker
    deploy:
      replicas: 2
      resources:
        limits:
          cpus: "0.50"
          memory: 256M
    network_mode: service:api
    profiles: [jobs]
networks:
  backend:
    driver: bridge
volumes:
  db-data:
  node_modules:
secrets:
  db_password:
    file: ./secrets/db_password.txt
`;

describe("normalizeProject: a realistic project", () => {
  it("produces the full normalized model, as docker compose config would", () => {
    const { project, diag } = normalizeForTest(COMPOSE, {
      files: { "/proj/.env.api": 'LOG_LEVEL=info\nPORT=8080\nGREETING="hello ${USER_NAME}"\n' },
      env: { NPM_TOKEN: "tok", USER_NAME: "ann" },
    });
    expect(diag.errors).toEqual([]);
    expect(diag.warnings).toEqual([]);
    expect(project).toEqual({
      name: "demo",
      services: {
        web: {
          build: {
            context: "/proj/frontend",
            args: {
              NODE_ENV: "development",
              NPM_TOKEN: "tok",
            },
            dockerfile: "Dockerfile",
          },
          depends_on: {
            api: {
              condition: "service_started",
              required: true,
              restart: false,
            },
          },
          develop: {
            watch: [
              {
                path: "/proj/frontend/src",
                action: "sync",
                target: "/app/src",
              },
              {
                path: "/proj/frontend/package.json",
                action: "rebuild",
              },
            ],
          },
          logging: {
            driver: "json-file",
            options: {
              "max-size": "10m",
              "max-file": "3",
            },
          },
          environment: {
            API_URL: "http://api:8080",
            DEBUG: "true",
          },
          ports: [
            {
              mode: "ingress",
              target: 3000,
              published: "3000",
              protocol: "tcp",
            },
            {
              mode: "ingress",
              host_ip: "127.0.0.1",
              target: 9229,
              published: "9229",
              protocol: "tcp",
            },
          ],
          volumes: [
            {
              type: "bind",
              source: "/proj/frontend/src",
              target: "/app/src",
              read_only: true,
              bind: {
                create_host_path: true,
              },
            },
            {
              type: "volume",
              source: "node_modules",
              target: "/app/node_modules",
              volume: {},
            },
          ],
          networks: {
            default: null,
          },
        },
        api: {
          image: "shop/api:latest",
          command: ["./server", "--port", "8080"],
          expose: ["8080"],
          depends_on: {
            db: {
              condition: "service_healthy",
              required: true,
              restart: false,
            },
            cache: {
              condition: "service_started",
              restart: true,
              required: true,
            },
          },
          networks: {
            default: null,
            backend: null,
          },
          healthcheck: {
            test: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
            interval: "10s",
            timeout: "5s",
            retries: 5,
            start_period: "1m0s",
          },
          restart: "unless-stopped",
          stop_grace_period: "30s",
          secrets: [
            {
              source: "db_password",
              target: "/run/secrets/db_password",
            },
          ],
          environment: {
            PORT: "8080",
            GREETING: "hello ann",
            LOG_LEVEL: null,
            DATABASE_URL: "postgres://shop:s3cret@db:5432/shop",
          },
          labels: {
            "com.example.team": "checkout",
          },
        },
        db: {
          image: "postgres:16",
          healthcheck: {
            test: ["CMD", "pg_isready", "-U", "shop"],
            interval: "5s",
          },
          shm_size: 268435456,
          networks: {
            backend: null,
          },
          secrets: [
            {
              source: "db_password",
              mode: 256,
              target: "/run/secrets/db_password",
            },
          ],
          environment: {
            POSTGRES_USER: "shop",
            POSTGRES_PASSWORD_FILE: "/run/secrets/db_password",
          },
          volumes: [
            {
              type: "volume",
              source: "db-data",
              target: "/var/lib/postgresql/data",
            },
            {
              type: "bind",
              source: "/proj/db/init.sql",
              target: "/docker-entrypoint-initdb.d/init.sql",
              bind: {
                create_host_path: true,
              },
            },
          ],
        },
        cache: {
          image: "redis:7-alpine",
          command: ["redis-server", "--appendonly", "yes"],
          networks: {
            backend: {
              aliases: ["redis"],
            },
          },
          ulimits: {
            nofile: {
              soft: 65536,
              hard: 65536,
              single: true,
            },
          },
        },
        worker: {
          image: "shop/api:latest",
          entrypoint: ["python", "-m", "worker"],
          deploy: {
            replicas: 2,
            resources: {
              limits: {
                cpus: 0.5,
                memory: 268435456,
              },
            },
          },
          network_mode: "service:api",
          profiles: ["jobs"],
          depends_on: {
            api: {
              condition: "service_started",
              required: true,
              restart: true,
            },
          },
        },
      },
      networks: {
        backend: {
          driver: "bridge",
          name: "demo_backend",
        },
        default: {
          name: "demo_default",
        },
      },
      volumes: {
        "db-data": {
          name: "demo_db-data",
        },
        node_modules: {
          name: "demo_node_modules",
        },
      },
      secrets: {
        db_password: {
          file: "/proj/secrets/db_password.txt",
          name: "demo_db_password",
        },
      },
      configs: {},
      "x-logging": {
        driver: "json-file",
        options: {
          "max-size": "10m",
          "max-file": 3,
        },
      },
    });
  });
});
