FROM scratch AS prod
